/** Renders the App into #root: the app's chunk, loaded by the entry (main.tsx) once it has asked for the start-up data. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './index';

export function mount(root: HTMLElement): void {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
