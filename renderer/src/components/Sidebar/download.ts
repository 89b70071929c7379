/** Saves text as a file the way a browser does: a Blob, an object URL and an <a download> click. */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke once the click has been handled (revoking at once can cancel the download).
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
