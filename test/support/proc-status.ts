/**
 * A size field of Linux `/proc/<pid>/status` (`VmRSS`, `VmHWM`, ...), in bytes.
 *
 * @param status - the file's text
 * @throws Error when the field is not there
 */
export function procStatusBytes(status: string, field: string): number {
  const kib = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
  if (kib === undefined) throw new Error(`no ${field} in /proc/<pid>/status`);
  return Number(kib) * 1024;
}
