//! Signing commits and tags as git does: the user's configured program, given the payload
//! on stdin, writes an armored signature on stdout. `gpg.format` picks the program:
//! `openpgp` (the default: `gpg.program`, else `gpg`), `x509` (`gpg.x509.program`, else
//! `gpgsm`) or `ssh` (`gpg.ssh.program`, else `ssh-keygen`, with `user.signingkey` a key
//! file).

use std::io::Write;
use std::process::{Command, Stdio};

use crate::error::{GitError, GitErrorKind};

fn failed(program: &str, why: impl std::fmt::Display) -> GitError {
    GitError::new(
        GitErrorKind::SigningFailed,
        format!("signing with `{program}` failed: {why}; nothing was signed or created"),
    )
}

fn string(config: &git2::Config, key: &str) -> Option<String> {
    config.get_string(key).ok().filter(|s| !s.trim().is_empty())
}

/// `~/x` with the home directory, as git interpolates key paths.
fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home)
            .join(rest)
            .to_string_lossy()
            .into_owned(),
        _ => path.to_owned(),
    }
}

/// The program and its arguments for the repository's signing configuration.
fn command(
    config: &git2::Config,
    committer: &git2::Signature<'_>,
) -> Result<(String, Vec<String>, bool), GitError> {
    let format = string(config, "gpg.format").unwrap_or_else(|| "openpgp".to_owned());
    let key = string(config, "user.signingkey");
    match format.as_str() {
        "openpgp" | "x509" => {
            let program = if format == "x509" {
                string(config, "gpg.x509.program").unwrap_or_else(|| "gpgsm".to_owned())
            } else {
                string(config, "gpg.openpgp.program")
                    .or_else(|| string(config, "gpg.program"))
                    .unwrap_or_else(|| "gpg".to_owned())
            };
            let key = key.unwrap_or_else(|| {
                format!(
                    "{} <{}>",
                    String::from_utf8_lossy(committer.name_bytes()),
                    String::from_utf8_lossy(committer.email_bytes())
                )
            });
            let args = vec!["--status-fd=2".to_owned(), "-bsau".to_owned(), key];
            Ok((program, args, true))
        }
        "ssh" => {
            let program =
                string(config, "gpg.ssh.program").unwrap_or_else(|| "ssh-keygen".to_owned());
            let Some(key) = key else {
                return Err(failed(
                    &program,
                    "gpg.format is ssh and user.signingkey is not set (the key file to sign with)",
                ));
            };
            if key.starts_with("key::") || key.starts_with("ssh-") {
                return Err(failed(
                    &program,
                    "user.signingkey holds a literal key; relcore needs the path of the key file",
                ));
            }
            let args = ["-Y", "sign", "-n", "git", "-f"]
                .into_iter()
                .map(str::to_owned)
                .chain([expand_home(&key)])
                .collect();
            Ok((program, args, false))
        }
        other => Err(failed(
            "git",
            format!("unknown gpg.format `{other}` (openpgp, x509 or ssh)"),
        )),
    }
}

/// Signs `payload` with the user's configured program; the armored signature.
///
/// # Errors
///
/// `signing_failed`, naming the program and quoting its stderr.
pub(crate) fn sign(
    config: &git2::Config,
    committer: &git2::Signature<'_>,
    payload: &str,
) -> Result<String, GitError> {
    let (program, args, gpg_status) = command(config, committer)?;
    let mut child = Command::new(&program)
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(&program, format!("cannot run it: {e}")))?;
    let stdin = child.stdin.take();
    let output = std::thread::scope(|s| {
        let writer = s.spawn(move || {
            if let Some(mut stdin) = stdin {
                // A program that exits early closes its stdin: its status says why.
                let _ = stdin.write_all(payload.as_bytes());
            }
        });
        let output = child.wait_with_output();
        let _ = writer.join();
        output
    })
    .map_err(|e| failed(&program, e))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stderr = stderr.trim();
    let signature = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(failed(
            &program,
            format!("it exited with {}: {stderr}", output.status),
        ));
    }
    if signature.trim().is_empty() || gpg_status && !stderr.contains("[GNUPG:] SIG_CREATED ") {
        return Err(failed(&program, format!("it wrote no signature: {stderr}")));
    }
    Ok(signature)
}
