//! Reading evaluation documents: plain texts paired with a gold folder, JSON Lines with OCR and
//! gold fields, and ICDAR 2017 files.
//!
//! How the format is chosen:
//!
//! - with `--gold DIR`, every input is a plain text, paired with the file of the same path
//!   relative to the argument it was found under (`corpus/a/1.txt` given as `corpus` pairs with
//!   `DIR/a/1.txt`; a file given directly pairs with `DIR/<its name>`);
//! - without it, a file named `*.jsonl` (`.gz`, `.zst`) is JSON Lines, one document per record,
//!   and any other file must be in the ICDAR 2017 format (recognised by its first line,
//!   `[OCR_toInput]`); anything else is an error that says to use `--gold`.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::icdar;
use super::labels::Labels;
use super::sample::Sample;
use crate::input::{self, InputError, Source};
use crate::jsonl::Compression;

/// Where the documents come from, and which fields hold what.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Files and folders (folders are walked: `*.txt`, plus `*.jsonl*` without `--gold`).
    pub paths: Vec<PathBuf>,
    /// The folder of gold texts for plain inputs.
    pub gold: Option<PathBuf>,
    /// The folder of label files for plain inputs (`NAME.toml` beside each `NAME.txt`, by the
    /// same relative path as the gold); with it, the documents of one folder form one batch.
    pub labels: Option<PathBuf>,
    /// JSON Lines: the field with the OCR text.
    pub ocr_field: String,
    /// JSON Lines: the field with the gold text.
    pub gold_field: String,
    /// JSON Lines: the field that names a record in reports (its line number when absent).
    pub id_field: String,
    /// JSON Lines: a field with another corrector's output, scored beside ours (a string, or an
    /// array of lines).
    pub baseline_field: Option<String>,
}

impl Default for Inputs {
    fn default() -> Inputs {
        Inputs {
            paths: Vec::new(),
            gold: None,
            labels: None,
            ocr_field: "ocr".into(),
            gold_field: "gt".into(),
            id_field: "id".into(),
            baseline_field: None,
        }
    }
}

/// Why documents could not be read for evaluation.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be found, read or decoded.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A plain input has no gold file.
    #[error(
        "{input}: no gold file {gold}; --gold DIR needs a file with the same relative path for every input"
    )]
    MissingGold {
        /// The input.
        input: String,
        /// Where its gold was looked for.
        gold: String,
    },
    /// A plain input has no label file.
    #[error(
        "{input}: no label file {labels}; --labels DIR needs a NAME.toml with the same relative path as every NAME.txt input"
    )]
    MissingLabels {
        /// The input.
        input: String,
        /// Where its labels were looked for.
        labels: String,
    },
    /// Standard input was given.
    #[error(
        "-: eval cannot read stdin; give files with --gold DIR, JSON Lines or ICDAR 2017 files"
    )]
    Stdin,
    /// A file is in no format eval knows.
    #[error(
        "{0}: not an ICDAR 2017 file (its first line is not `[OCR_toInput] ...`) nor JSON Lines (*.jsonl); to score plain texts, give their gold texts with --gold DIR"
    )]
    Unknown(String),
    /// A file is malformed.
    #[error("{name}: {message}")]
    Format {
        /// The file, with `:line` for a JSON Lines record.
        name: String,
        /// What is wrong.
        message: String,
    },
}

/// Reads every document `inputs` names, in order: files as given, folders sorted by path, records
/// in file order. Problems are returned beside the documents that could be read.
pub fn load(inputs: &Inputs) -> (Vec<Sample>, Vec<LoadError>) {
    let globs: Vec<String> = match inputs.gold {
        Some(_) => vec!["*.txt".into()],
        None => ["*.txt", "*.jsonl", "*.jsonl.gz", "*.jsonl.zst"]
            .map(String::from)
            .to_vec(),
    };
    let (sources, found) = input::expand(&inputs.paths, &globs);
    let mut errors: Vec<LoadError> = found.into_iter().map(LoadError::from).collect();
    let mut samples = Vec::new();
    for source in sources {
        let Source::File { path, .. } = &source else {
            errors.push(LoadError::Stdin);
            continue;
        };
        let name = source.to_string();
        let read = match &inputs.gold {
            Some(dir) => paired(&source, dir, inputs.labels.as_deref()).map(|s| vec![s]),
            None if is_jsonl(path) => jsonl(path, &name, inputs),
            None => input::read(&source)
                .map_err(LoadError::from)
                .and_then(|text| {
                    if !icdar::detect(&text) {
                        return Err(LoadError::Unknown(name.clone()));
                    }
                    icdar::parse(&name, &text)
                        .map(|s| vec![s])
                        .map_err(|message| LoadError::Format {
                            name: name.clone(),
                            message,
                        })
                }),
        };
        match read {
            Ok(mut s) => samples.append(&mut s),
            Err(e) => errors.push(e),
        }
    }
    (samples, errors)
}

fn is_jsonl(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    [".jsonl", ".jsonl.gz", ".jsonl.zst", ".jsonl.zstd"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

fn paired(source: &Source, dir: &Path, labels: Option<&Path>) -> Result<Sample, LoadError> {
    let gold = dir.join(source.relative());
    if !gold.is_file() {
        return Err(LoadError::MissingGold {
            input: source.to_string(),
            gold: gold.display().to_string(),
        });
    }
    let input = input::read(source)?;
    let gold = input::read(&Source::File {
        path: gold.clone(),
        root: gold,
    })?;
    let mut sample = Sample::whole(source.to_string(), input, gold);
    if let Some(dir) = labels {
        let rel = source.relative();
        let path = dir.join(&rel).with_extension("toml");
        let text = std::fs::read_to_string(&path).map_err(|_| LoadError::MissingLabels {
            input: source.to_string(),
            labels: path.display().to_string(),
        })?;
        let bad = |message: String| LoadError::Format {
            name: path.display().to_string(),
            message,
        };
        let parsed = Labels::parse(&text).map_err(bad)?;
        parsed.check(&sample.input).map_err(bad)?;
        sample.labels = Some(parsed);
        // One folder of the corpus is one export: one batch.
        if let Source::File { path, .. } = source {
            sample.group = path
                .parent()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
        }
    }
    Ok(sample)
}

fn jsonl(path: &Path, name: &str, inputs: &Inputs) -> Result<Vec<Sample>, LoadError> {
    let io = |error| {
        LoadError::Input(InputError::Io {
            source_name: name.to_string(),
            error,
        })
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let reader = Compression::of(path).reader(file).map_err(io)?;
    let mut samples = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{name}:{}", i + 1);
        let bad = |message: String| LoadError::Format {
            name: at.clone(),
            message,
        };
        let record: Value =
            serde_json::from_str(&line).map_err(|e| bad(format!("not valid JSON: {e}")))?;
        let field = |key: &str| -> Result<String, LoadError> {
            text_field(&record, key).ok_or_else(|| bad(format!("no string field `{key}`")))
        };
        let ocr = field(&inputs.ocr_field)?;
        let gold = field(&inputs.gold_field)?;
        let id = match record.get(&inputs.id_field) {
            Some(Value::String(s)) => format!("{name}:{s}"),
            Some(v @ Value::Number(_)) => format!("{name}:{v}"),
            _ => at.clone(),
        };
        let mut sample = Sample::whole(id, ocr, gold);
        if let Some(key) = &inputs.baseline_field {
            sample.baseline = Some(field(key)?);
        }
        samples.push(sample);
    }
    Ok(samples)
}

/// A field that is a string, or an array of strings taken as lines.
fn text_field(record: &Value, key: &str) -> Option<String> {
    match record.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Array(lines) => lines
            .iter()
            .map(|l| l.as_str())
            .collect::<Option<Vec<_>>>()
            .map(|l| l.join("\n")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn pairs_plain_texts_with_the_gold_folder() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "ocr/a/1.txt", "Tbe cat");
        write(dir.path(), "ocr/2.txt", "sat");
        write(dir.path(), "gold/a/1.txt", "The cat");
        let inputs = Inputs {
            paths: vec![dir.path().join("ocr")],
            gold: Some(dir.path().join("gold")),
            ..Inputs::default()
        };
        let (samples, errors) = load(&inputs);
        assert_eq!(samples.len(), 1);
        assert_eq!(samples[0].pieces[0].gold, "The cat");
        assert_eq!(errors.len(), 1);
        let msg = errors[0].to_string();
        assert!(
            msg.contains("ocr/2.txt") && msg.contains("gold/2.txt"),
            "{msg}"
        );
    }

    #[test]
    fn reads_json_lines_with_ids_and_baselines() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "set.jsonl",
            concat!(
                r#"{"id": "a7", "ocr": "Tbe cat", "gt": "The cat", "fix": ["The", "cat"]}"#,
                "\n\n",
                r#"{"ocr": "sat", "gt": "sat.", "fix": "sat"}"#,
                "\n",
                r#"{"ocr": "sat"}"#,
                "\n"
            ),
        );
        let inputs = Inputs {
            paths: vec![path],
            baseline_field: Some("fix".into()),
            ..Inputs::default()
        };
        let (samples, errors) = load(&inputs);
        assert_eq!(samples.len(), 0, "a bad record fails its file");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .to_string()
                .ends_with("set.jsonl:4: no string field `gt`"),
            "{}",
            errors[0]
        );

        let path = write(
            dir.path(),
            "ok.jsonl",
            concat!(
                r#"{"id": "a7", "ocr": "Tbe cat", "gt": "The cat", "fix": ["The", "cat"]}"#,
                "\n",
                r#"{"ocr": "sat", "gt": "sat.", "fix": "sat"}"#,
            ),
        );
        let (samples, errors) = load(&Inputs {
            paths: vec![path],
            baseline_field: Some("fix".into()),
            ..Inputs::default()
        });
        assert!(errors.is_empty());
        assert!(samples[0].name.ends_with("ok.jsonl:a7"));
        assert_eq!(samples[0].baseline.as_deref(), Some("The\ncat"));
        assert!(samples[1].name.ends_with("ok.jsonl:2"));
    }

    #[test]
    fn without_gold_plain_text_is_refused_and_icdar_is_read() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "1.txt",
            "[OCR_toInput] ab\n[OCR_aligned] ab\n[ GS_aligned] a#\n",
        );
        write(dir.path(), "2.txt", "just text");
        let (samples, errors) = load(&Inputs {
            paths: vec![dir.path().to_path_buf()],
            ..Inputs::default()
        });
        assert_eq!(samples.len(), 1);
        assert_eq!(samples[0].pieces[0].gold, "a");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("--gold DIR"));
    }
}
