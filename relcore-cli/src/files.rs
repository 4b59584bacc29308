//! Writing files: all or nothing.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

/// Writes `text` to `path` atomically: a temporary file in the same directory, flushed to
/// disk, then renamed over the target (keeping the target's permissions). A failure leaves
/// the old file as it was.
pub fn write_atomic(path: &Path, text: &str) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.relcore-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file =
            std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        file.write_all(text.as_bytes())
            .with_context(|| format!("writing {}", tmp.display()))?;
        file.sync_all()
            .with_context(|| format!("flushing {}", tmp.display()))?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())
                .with_context(|| format!("copying permissions to {}", tmp.display()))?;
        }
        std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes several files all or nothing: every new text goes to a temporary file first;
/// only when all are written are they renamed into place, and if a rename fails, the files
/// already replaced get their old text back. `changes` holds (path, new text, old text).
pub fn write_all_atomic(changes: &[(std::path::PathBuf, String, String)]) -> anyhow::Result<()> {
    let mut temps = Vec::with_capacity(changes.len());
    for (i, (path, text, _)) in changes.iter().enumerate() {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = dir.join(format!(".relcore-{}-{i}.tmp", std::process::id()));
        let written = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            if let Ok(meta) = std::fs::metadata(path) {
                std::fs::set_permissions(&tmp, meta.permissions())?;
            }
            Ok::<_, std::io::Error>(())
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            for t in &temps {
                let _ = std::fs::remove_file(t);
            }
            return Err(e).with_context(|| format!("writing {}", tmp.display()));
        }
        temps.push(tmp);
    }
    for (i, (tmp, (path, _, _))) in temps.iter().zip(changes).enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            for (done, _, old) in changes.iter().take(i) {
                let _ = write_atomic(done, old);
            }
            for t in temps.iter().skip(i) {
                let _ = std::fs::remove_file(t);
            }
            return Err(e)
                .with_context(|| format!("replacing {} (earlier files restored)", path.display()));
        }
    }
    Ok(())
}
