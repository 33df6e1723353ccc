/*
 * Attached disk images (Mount-DiskImage): which image file holds which drive letter, recorded in
 * $WIMSH_HOME/diskimages.json so that a later wimsh process sees the same drives (Windows keeps an attached ISO
 * until it is dismounted, across sessions). Each record's drive is mounted into this process's mount table
 * (mounts.ts) at the directory its letter maps to (drives.ts: driveRoot), lazily: the image is opened and its file
 * system read on the first access to the drive, not when the record is read.
 *
 * The vfs knows no disc format: whoever can open images (the Storage module, through src/formats) installs an
 * opener with installDiskImageOpener. drives.ts calls syncDiskImages before it resolves a drive path; with no opener
 * installed, or a registry file unchanged since the last look (one stat), that costs nothing more.
 */
import { host } from '../platform/host';
import type { FileStat, OpenFlags } from '../platform/types';
import { HostFile, type RandomAccessFile } from './file';
import { driveRoot, setDriveLookupHook, wimshHome } from './drives';
import { findMount, mountVolume, unmountVolume, type Volume } from './mounts';
import { volumeStat } from './vfs-fs';

/** One attached image, as recorded. */
export interface DiskImageRecord {
  /** The image file (absolute host path). */
  imagePath: string;
  /** The image's path as the user gave it, in Windows form where it was one (Get-DiskImage's ImagePath). */
  displayPath: string;
  /** The drive letter ('E'), or '' when attached with -NoDriveLetter. */
  letter: string;
  /** The virtual CD-ROM's number: DevicePath is \\.\CDROM<number>. */
  number: number;
  /** The image file's size, and the size of the file system on it. */
  fileSize: number;
  size: number;
  /** The file system's label and name (UDF or CDFS), for Get-Volume. */
  label: string;
  fileSystem: string;
}

/** A volume the opener returns: served read-only, closed when its image is detached. */
export interface DiskImageVolume extends Volume {
  close(): void;
}

/** Reads the file system of an open image (`displayPath` names it in errors); the volume owns `file` from then on. */
export type DiskImageOpener = (file: RandomAccessFile, displayPath: string) => DiskImageVolume;

let opener: DiskImageOpener | undefined;
let lastStamp = '';
/** The drives this process has mounted from the registry: letter -> where and what. */
const attached = new Map<string, { imagePath: string; at: string; volume: LazyVolume }>();

/** Installs the function that opens an image as a volume (the Storage module does, over src/formats). */
export function installDiskImageOpener(fn: DiskImageOpener): void {
  opener = fn;
  lastStamp = '';
  setDriveLookupHook(syncDiskImages);
}

/** The registry file. */
export function diskImageRegistryPath(): string {
  return host().path.join(wimshHome(), 'diskimages.json');
}

/** The recorded images (an unreadable or missing registry is an empty one). */
export function readDiskImages(): DiskImageRecord[] {
  try {
    const data: unknown = JSON.parse(host().fs.readTextFileSync(diskImageRegistryPath()));
    return Array.isArray(data) ? (data as DiskImageRecord[]).filter((r) => r && typeof r.imagePath === 'string') : [];
  } catch {
    return [];
  }
}

/** Replaces the registry (written to a temporary file and renamed, so a reader never sees half of it). */
export function writeDiskImages(records: DiskImageRecord[]): void {
  const fs = host().fs;
  const file = diskImageRegistryPath();
  fs.mkdirSync(host().path.dirname(file), { recursive: true });
  const tmp = `${file}.${host().pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(records, null, 1) + '\n');
  fs.renameSync(tmp, file);
  syncDiskImages();
}

/**
 * Brings this process's mounts in line with the registry: a record's drive is mounted (lazily) at its letter's
 * directory, a drive whose record went away (Dismount-DiskImage here or in another process) is unmounted.
 */
export function syncDiskImages(): void {
  if (!opener) return;
  const file = diskImageRegistryPath();
  let stamp: string;
  try {
    const st = host().fs.statSync(file);
    stamp = `${file}|${st.mtimeMs}|${st.size}|${st.ino}`;
  } catch {
    stamp = `${file}|none`;
  }
  if (stamp === lastStamp) return;
  lastStamp = stamp;
  const records = readDiskImages().filter((r) => /^[A-Z]$/.test(r.letter));
  for (const [letter, a] of attached) {
    const r = records.find((x) => x.letter === letter);
    if (!r || r.imagePath !== a.imagePath || driveRoot(letter) !== a.at) {
      unmountVolume(a.at);
      a.volume.close();
      attached.delete(letter);
    }
  }
  for (const r of records) {
    if (attached.has(r.letter)) continue;
    const at = driveRoot(r.letter);
    const volume: LazyVolume = new LazyVolume(() => opener!(openImage(r.imagePath, volume), r.displayPath));
    mountVolume(at, volume);
    attached.set(r.letter, { imagePath: r.imagePath, at, volume });
  }
}

/** The volume mounted for drive `letter` from the registry (opened on this call if it was not yet), or undefined. */
export function diskImageVolume(letter: string): Volume | undefined {
  syncDiskImages();
  return attached.get(letter.toUpperCase())?.volume;
}

/**
 * The next free drive letter, D: onward: not held by another image, not mapped by WIMSH_DRIVE_<L>, and with no files
 * in its default directory ($WIMSH_HOME/drives/<l>), so that an image never hides files a user put on a drive.
 * A letter whose WIMSH_DRIVE_<L> names the image itself is the image's own (the user chose it).
 */
export function chooseDriveLetter(imagePath: string, records: DiskImageRecord[]): string | undefined {
  const env = host().env;
  const path = host().path;
  for (const l of 'DEFGHIJKLMNOPQRSTUVWXYZ') {
    const named = env[`WIMSH_DRIVE_${l}`] ?? env[`WIMSH_DRIVE_${l.toLowerCase()}`];
    if (named && path.resolve(host().cwd(), named) === imagePath && !records.some((r) => r.letter === l)) return l;
  }
  for (const l of 'DEFGHIJKLMNOPQRSTUVWXYZ') {
    if (records.some((r) => r.letter === l)) continue;
    if (env[`WIMSH_DRIVE_${l}`] !== undefined || env[`WIMSH_DRIVE_${l.toLowerCase()}`] !== undefined) continue;
    let used = false;
    try {
      used = host().fs.readdirSync(driveRoot(l)).length > 0;
    } catch {
      used = false;
    }
    if (!used) return l;
  }
  return undefined;
}

/**
 * Opens an image file: a host file, or a file inside another mounted volume (an ISO on an ISO's drive). Never through
 * the image's own mount: a drive that WIMSH_DRIVE_<L> maps to the image file itself is mounted at the image's path.
 */
function openImage(imagePath: string, own: Volume): RandomAccessFile {
  const m = findMount(imagePath);
  return m && m.volume !== own ? m.volume.open(m.rel, 'r', imagePath) : new HostFile(imagePath, 'r');
}

/** A volume that opens its image on first use; a failure to open is that use's error (and the next use retries). */
class LazyVolume implements Volume {
  private volume: DiskImageVolume | undefined;
  readonly readOnly = true;

  constructor(private readonly open_: () => DiskImageVolume) {}

  private get(): DiskImageVolume {
    return (this.volume ??= this.open_());
  }

  open(rel: string, flags: OpenFlags, path: string): RandomAccessFile {
    return this.get().open(rel, flags, path);
  }

  readdir(rel: string): string[] {
    return this.get().readdir(rel);
  }

  stat(rel: string): FileStat {
    return volumeStat(this.get(), rel);
  }

  close(): void {
    this.volume?.close();
    this.volume = undefined;
  }
}
