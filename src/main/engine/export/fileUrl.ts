/**
 * file:// URL of an absolute path, the same on every OS that writes it (unlike node's
 * pathToFileURL, which resolves against the running platform): POSIX '/a b/c.mov' →
 * 'file:///a%20b/c.mov', Windows 'C:\a\c.mov' → 'file:///C:/a/c.mov', UNC '\\srv\share\c.mov' →
 * 'file://srv/share/c.mov'. Each segment is percent-encoded as UTF-8 (spaces, '#', '?', '%', non-ASCII).
 */
export function fileUrl(path: string): string {
  const encode = (segments: string[]): string => segments.map(encodeURIComponent).join('/');
  const unc = /^[\\/]{2}([^\\/]+)[\\/](.*)$/.exec(path);
  if (unc && path.includes('\\')) return `file://${unc[1]}/${encode(unc[2].split(/[\\/]/))}`;
  const drive = /^([A-Za-z]):[\\/](.*)$/.exec(path);
  if (drive) return `file:///${drive[1].toUpperCase()}:/${encode(drive[2].split(/[\\/]/))}`;
  if (!path.startsWith('/')) throw new Error(`cannot make a file URL from "${path}": the path is not absolute`);
  return `file://${encode(path.split('/'))}`;
}
