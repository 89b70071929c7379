/**
 * Appending a batch of pieces to a file in one writev, shared by the response store's body files
 * and the filter's results files: both pass the stream redactor's views of a batch straight on.
 */
import type { FileHandle } from 'node:fs/promises';

/** Writes `pieces` at the end of the file, in one call where the system takes them all (else the rest in turn). */
export async function appendAll(fh: FileHandle, pieces: Buffer[]): Promise<number> {
  let total = 0;
  for (const piece of pieces) total += piece.length;
  let done = (await fh.writev(pieces)).bytesWritten;
  if (done < total) {
    // A short write (rare: a signal, a nearly full disk): the rest, in order, until it fails.
    const rest = Buffer.concat(pieces).subarray(done);
    for (let at = 0; at < rest.length;) at += (await fh.write(rest, at)).bytesWritten;
    done = total;
  }
  return done;
}
