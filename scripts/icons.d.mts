// Types for icons.mjs (imported by its test).
export declare const ICON_SOURCE: string;
export declare const ICON_OUTPUT: string;
export declare const PNG_SIZES: readonly number[];
export declare const ICO_SIZES: readonly number[];
export declare const ICNS_TYPES: ReadonlyArray<readonly [string, number]>;
export interface IconDrawing {
  viewBox: number[];
  shapes: Array<{ points: Array<[number, number]>; fill: [number, number, number] }>;
}
export declare function parseIconSvg(svg: string): IconDrawing;
export declare function rasterize(drawing: IconDrawing, size: number): Buffer;
export declare function encodePng(pixels: Buffer, size: number): Buffer;
export declare function encodeIco(pngs: ReadonlyArray<{ size: number; png: Buffer }>): Buffer;
export declare function encodeIcns(entries: ReadonlyArray<{ type: string; png: Buffer }>): Buffer;
export declare function generateIcons(source?: string, outDir?: string): string[];
