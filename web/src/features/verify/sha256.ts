/** SHA-256 of a file, computed in the browser (WebCrypto): the file itself is never sent anywhere. */
export async function sha256OfFile(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const isSha256 = (s: string) => /^[0-9a-f]{64}$/.test(s);
