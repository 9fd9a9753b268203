//! Writing files so that none is ever half written, lost or broken: a temporary file of ours
//! beside the destination, renamed over it only after checks, and removed if the run fails or is
//! interrupted.
//!
//! Replacing a file in place (`--write`) keeps its permissions, owner and group; refuses what a
//! rename would break (a FIFO, a device, a file with other hard links, unless the user agrees);
//! and leaves the file alone if it changed after it was read, so an edit made meanwhile is not
//! lost. Temporaries are named `.ocrclean-PID-XXXXXX.tmp`: SIGINT, SIGTERM and SIGHUP remove the
//! live ones, and a run sweeps the ones a killed run (SIGKILL, a crash) left in the folders it
//! writes to.

use std::collections::HashSet;
use std::fs::{File, Metadata, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, SystemTime};

use anyhow::Context as _;

/// What a file looked like when it was read: if any of it differs just before the rename, the
/// file changed meanwhile and is left as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Snapshot {
    /// The snapshot of a file's metadata.
    pub fn of(meta: &Metadata) -> Snapshot {
        Snapshot {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: {
                use std::os::unix::fs::MetadataExt;
                (meta.dev(), meta.ino())
            },
        }
    }
}

/// What the user allowed a replacement to do.
#[derive(Debug, Clone, Copy, Default)]
pub struct Consent {
    /// Replace a file that has other hard links: this name gets the new text, the other names
    /// keep the old one.
    pub break_hardlinks: bool,
}

/// A file being written. Nothing reaches the destination until [`commit`](Self::commit); dropped
/// uncommitted, the temporary file is removed.
pub struct Pending {
    tmp: Option<tempfile::NamedTempFile>,
    target: PathBuf,
    /// For a replacement: how the file looked when it was read.
    read: Option<Snapshot>,
}

impl Pending {
    /// Starts replacing the file at `path` (through a symlink, its target), which looked like
    /// `read` when it was read: the temporary file gets its permissions, owner and group.
    pub fn replace(path: &Path, read: Snapshot, consent: Consent) -> anyhow::Result<Pending> {
        let target = std::fs::canonicalize(path).context("resolving path")?;
        let meta = std::fs::metadata(&target).context("reading its metadata")?;
        check_replaceable(&meta, consent)?;
        let mut pending = Pending::beside(&target)?;
        pending.read = Some(read);
        let file = pending.file();
        keep_owner(file, &meta)?;
        file.set_permissions(meta.permissions())
            .context("setting permissions")?;
        Ok(pending)
    }

    /// Starts a new file at `target` (its folder is created if needed), with `permissions` (the
    /// temporary file's own when `None`).
    pub fn create(target: &Path, permissions: Option<Permissions>) -> anyhow::Result<Pending> {
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let mut pending = Pending::beside(target)?;
        if let Some(p) = permissions {
            pending
                .file()
                .set_permissions(p)
                .context("setting permissions")?;
        }
        Ok(pending)
    }

    /// A temporary file of ours in `target`'s folder, after sweeping the stale ones there.
    fn beside(target: &Path) -> anyhow::Result<Pending> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        sweep_once(dir);
        listen_for_signals();
        let mut live = live();
        let tmp = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{}-", std::process::id()))
            .suffix(SUFFIX)
            .tempfile_in(dir)
            .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
        live.insert(tmp.path().to_path_buf());
        Ok(Pending {
            tmp: Some(tmp),
            target: target.to_path_buf(),
            read: None,
        })
    }

    /// The temporary file, to write to.
    pub fn file(&mut self) -> &mut File {
        self.tmp
            .as_mut()
            .expect("a pending file has its temporary until committed")
            .as_file_mut()
    }

    /// Writes `bytes` to the temporary file.
    pub fn write_all(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        self.file()
            .write_all(bytes)
            .context("writing the temporary file")
    }

    /// Syncs the temporary file and renames it over the destination; a replaced file that
    /// changed since it was read is left alone (an error).
    pub fn commit(mut self) -> anyhow::Result<()> {
        let Some(tmp) = self.tmp.take() else {
            return Ok(());
        };
        // Needed for "never half-written": without it a crash or power cut after the rename can
        // leave the new name pointing at data that never reached the disk (ext4 and XFS may
        // persist the rename before the data), an empty or truncated file where the whole old one
        // was. It is most of the system time of an `--out-dir` run over many small files (one
        // fsync each); syncing once per run (`syncfs`) instead would keep the guarantee only for
        // new copies, whose loss costs nothing the input does not still hold, never for `--write`.
        tmp.as_file()
            .sync_all()
            .context("syncing the temporary file")?;
        // Held through the rename, so an interrupting signal either removes the temporary file
        // before the rename or waits until it is done.
        let mut live = live();
        live.remove(tmp.path());
        if let Some(read) = &self.read {
            let now = std::fs::metadata(&self.target).context("reading its metadata")?;
            anyhow::ensure!(
                Snapshot::of(&now) == *read,
                "changed while it was being cleaned; left as it is now (run again to clean it)"
            );
        }
        tmp.persist(&self.target)
            .with_context(|| format!("renaming the temporary file to {}", self.target.display()))?;
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(tmp) = &self.tmp {
            live().remove(tmp.path());
        }
    }
}

/// Replaces `path` with `bytes`, if it has not changed since it looked like `read`.
pub fn replace(path: &Path, bytes: &[u8], read: Snapshot, consent: Consent) -> anyhow::Result<()> {
    let mut pending = Pending::replace(path, read, consent)?;
    pending.write_all(bytes)?;
    pending.commit()
}

/// Writes `bytes` to a new file at `target` (replacing what is there), with the permissions of
/// the input it copies (`like`), or read-write for the owner and readable by all.
pub fn write_copy(target: &Path, bytes: &[u8], like: Option<&Path>) -> anyhow::Result<()> {
    let mut pending = Pending::create(target, copy_permissions(like))?;
    pending.write_all(bytes)?;
    pending.commit()
}

/// The permissions of a copy of `like` (a new file's when there is none).
pub fn copy_permissions(like: Option<&Path>) -> Option<Permissions> {
    match like.map(std::fs::metadata) {
        Some(Ok(m)) if m.is_file() => Some(m.permissions()),
        _ => default_permissions(),
    }
}

/// A new file's: read-write for the owner, readable by all (a temporary file is private).
pub fn default_permissions() -> Option<Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    None
}

/// Whether `--write` may replace a file like `meta`: a rename turns a FIFO, a device or a socket
/// into a regular file, and gives a hard-linked file a new inode that its other names do not see.
pub fn check_replaceable(meta: &Metadata, consent: Consent) -> anyhow::Result<()> {
    anyhow::ensure!(
        meta.is_file(),
        "not a regular file ({}); --write rewrites regular files only",
        kind_of(meta)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let links = meta.nlink();
        anyhow::ensure!(
            links <= 1 || consent.break_hardlinks,
            "has {links} hard links; --write would give this name a new file and leave the other \
             names with the old text, so it is left alone (--break-hardlinks does it anyway)"
        );
    }
    Ok(())
}

/// `a FIFO`, `a character device`: what a non-regular file is, for messages.
pub fn kind_of(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Gives `file` the owner and group of `meta`'s file. Only root may give a file away, so for
/// anyone else this succeeds only when the owner is already theirs; a file whose owner cannot be
/// kept is not replaced, as its owner could lose access to it.
#[cfg(unix)]
fn keep_owner(file: &File, meta: &Metadata) -> anyhow::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let current = file.metadata().context("reading the temporary file")?;
    if (current.uid(), current.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).with_context(|| {
        format!(
            "cannot keep its owner and group ({}:{}), so it is left alone",
            meta.uid(),
            meta.gid()
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &Metadata) -> anyhow::Result<()> {
    Ok(())
}

const PREFIX: &str = ".ocrclean-";
const SUFFIX: &str = ".tmp";
/// A temporary file of a process that is not running is stale once it has not been written to
/// for this long (a process in another PID namespace may look absent while writing).
const STALE_DEAD: Duration = Duration::from_secs(10 * 60);
/// Any temporary file of ours is stale after this long (on a system without `/proc`, or from a
/// run on another machine sharing the folder).
const STALE_ANY: Duration = Duration::from_secs(24 * 60 * 60);

/// The temporary files being written now.
fn live() -> MutexGuard<'static, HashSet<PathBuf>> {
    static LIVE: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    let lock = LIVE.get_or_init(Mutex::default).lock();
    lock.unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// On SIGINT, SIGTERM or SIGHUP: remove the live temporary files, then die of the signal. The
/// list stays locked to the end, so no rename can follow the removal.
fn listen_for_signals() {
    static LISTENING: OnceLock<()> = OnceLock::new();
    LISTENING.get_or_init(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let live = live();
                for path in live.iter() {
                    let _ = std::fs::remove_file(path);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    });
}

/// Removes the stale temporary files of ours in `dir`, once per run and folder, saying so.
fn sweep_once(dir: &Path) {
    static SWEPT: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    let swept = SWEPT.get_or_init(Mutex::default).lock();
    let mut swept = swept.unwrap_or_else(|poisoned| poisoned.into_inner());
    if !swept.insert(dir.to_path_buf()) {
        return;
    }
    for path in stale_in(dir, SystemTime::now()) {
        if std::fs::remove_file(&path).is_ok() {
            eprintln!(
                "ocrclean: note: removed {}, a temporary file left by an interrupted run",
                path.display()
            );
        }
    }
}

/// The stale temporary files of ours in `dir`, as of `now`.
fn stale_in(dir: &Path, now: SystemTime) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(our_pid) else {
            continue;
        };
        // `symlink_metadata`: a link named like ours is not ours to remove.
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let idle = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default();
        let stale = pid != std::process::id()
            && meta.is_file()
            && (idle > STALE_ANY || (idle > STALE_DEAD && !running(pid)));
        if stale {
            out.push(entry.path());
        }
    }
    out.sort();
    out
}

/// The process id in a name of ours: `.ocrclean-PID-XXXXXX.tmp`.
fn our_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    let random_ok = random.len() == 6 && random.bytes().all(|b| b.is_ascii_alphanumeric());
    (random_ok && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Whether a process with this id runs here; `true` when that cannot be told (no `/proc`).
fn running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(path: &Path) -> Snapshot {
        Snapshot::of(&std::fs::metadata(path).expect("stat"))
    }

    #[test]
    fn a_file_changed_after_reading_is_left_alone() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old text\n").expect("write");
        let read = snapshot(&path);
        // Someone saves the file while it is being cleaned.
        std::fs::write(&path, "an edit made meanwhile\n").expect("write");
        let err = replace(&path, b"cleaned\n", read, Consent::default()).expect_err("refused");
        assert!(err.to_string().contains("changed while"), "{err:#}");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "an edit made meanwhile\n"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(left.len(), 1, "the temporary file is removed");
    }

    #[test]
    fn an_unchanged_file_is_replaced() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old text\n").expect("write");
        replace(&path, b"cleaned\n", snapshot(&path), Consent::default()).expect("replaced");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "cleaned\n");
    }

    #[test]
    fn names_of_ours_carry_the_process_id() {
        assert_eq!(our_pid(".ocrclean-4242-a1B2c3.tmp"), Some(4242));
        for not_ours in [
            ".ocrclean-ignore",
            ".ocrclean-4242-a1B2c3",
            ".ocrclean--a1B2c3.tmp",
            ".ocrclean-42x-a1B2c3.tmp",
            ".ocrclean-4242-a1B2.tmp",
            "ocrclean-4242-a1B2c3.tmp",
        ] {
            assert_eq!(our_pid(not_ours), None, "{not_ours}");
        }
    }

    #[test]
    fn stale_means_idle_and_dead_or_idle_for_a_day() {
        let dir = tempfile::tempdir().expect("tmp");
        let touch = |name: &str, idle: Duration| {
            let path = dir.path().join(name);
            let file = File::create(&path).expect("create");
            file.set_modified(SystemTime::now() - idle).expect("mtime");
            path
        };
        // No process has a pid this large (Linux caps them at 2^22).
        let dead = touch(".ocrclean-99999999-aaaaaa.tmp", STALE_DEAD * 2);
        touch(".ocrclean-99999999-bbbbbb.tmp", Duration::from_secs(5));
        let mine = format!(".ocrclean-{}-cccccc.tmp", std::process::id());
        touch(&mine, STALE_ANY * 2);
        touch(".ocrclean-ignore", STALE_ANY * 2);
        let old = touch(".ocrclean-1-dddddd.tmp", STALE_ANY * 2);
        let mut expected = vec![dead, old];
        expected.sort();
        assert_eq!(stale_in(dir.path(), SystemTime::now()), expected);
    }
}
