//! Frozen versions (版): a numbered, staged, timestamped copy of the draft's canonical RON with
//! its SHA-256. Triggers in the file refuse any change to a frozen version.

use super::{Store, StoreError};
use crate::doc::Assessment;
use crate::ron_io;
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

/// The procedure stage a version was frozen for (評価の実施手続).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Draft,
    Precheck,
    PublicComment,
    ThirdPartyReview,
    CouncilReport,
    Published,
    Revision,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Draft,
        Stage::Precheck,
        Stage::PublicComment,
        Stage::ThirdPartyReview,
        Stage::CouncilReport,
        Stage::Published,
        Stage::Revision,
    ];

    /// The label users see and the file stores.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Draft => "作成中",
            Stage::Precheck => "事前点検",
            Stage::PublicComment => "市民意見聴取",
            Stage::ThirdPartyReview => "第三者点検",
            Stage::CouncilReport => "審議会報告",
            Stage::Published => "公表",
            Stage::Revision => "見直し",
        }
    }

    /// Accepts the Japanese label or the English name used in code and scripts.
    pub fn parse(s: &str) -> Option<Stage> {
        let english =
            ["draft", "precheck", "public_comment", "third_party_review", "council_report", "published", "revision"];
        Stage::ALL
            .into_iter()
            .zip(english)
            .find(|(st, en)| st.label() == s.trim() || en.eq_ignore_ascii_case(s.trim()))
            .map(|(st, _)| st)
    }
}

/// Whether the changes up to version `upto` (`None`: the draft) can come after a 公表: some
/// version frozen at stage 公表 precedes it. Changes up to the 公表 version itself are the
/// revisions that led to it (事前点検 → 第三者点検 → 公表), 修正 and not 重要な変更 (指針 第6の2);
/// whatever comes after one may be a 重要な変更, whichever older side it is compared with.
pub fn published_by(versions: &[VersionInfo], upto: Option<u32>) -> bool {
    versions.iter().any(|v| v.stage == Stage::Published.label() && upto.is_none_or(|n| v.number < n))
}

/// The last version frozen at stage 公表, the base a 重要な変更 is judged against.
pub fn last_published(versions: &[VersionInfo]) -> Option<u32> {
    versions.iter().filter(|v| v.stage == Stage::Published.label()).map(|v| v.number).max()
}

/// A frozen version as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionInfo {
    pub number: u32,
    pub stage: String,
    pub frozen_at: String,
    pub note: String,
    pub form: String,
    pub sha256: String,
    /// The stored content still matches `sha256`. False means the file was altered outside this
    /// program (or damaged): the version must not be trusted.
    pub intact: bool,
}

/// SHA-256 of the canonical serialisation, lowercase hex.
pub fn digest(content: &str) -> String {
    Sha256::digest(content.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// Freezes the stored draft as the next version and returns it.
    pub fn freeze(&mut self, stage: Stage, note: &str) -> Result<VersionInfo, StoreError> {
        self.ensure_writable()?;
        let content = ron_io::export(&self.load_draft()?);
        let form = self.form.key.clone();
        let path = self.path.clone();
        let err = |e| StoreError::from_sqlite(&path, e);
        let tx = super::begin_save(&mut self.conn).map_err(err)?;
        let v = insert_version(&tx, stage, note, &form, content).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(v)
    }

    /// Replaces the whole draft by `doc`, first freezing the draft it replaces as a version
    /// (stage 作成中, `note`) unless that draft is empty, already the newest version word for
    /// word, or the same as `doc` (nothing would be lost). One transaction: if anything fails (a full disk), neither happens. Returns the
    /// version that keeps the old draft, if one was made.
    pub fn replace_draft_keeping(&mut self, doc: &Assessment, note: &str) -> Result<Option<u32>, StoreError> {
        self.ensure_writable()?;
        if doc.form().key != self.form.key {
            return Err(StoreError::FormMismatch { file: self.form.key.clone(), doc: doc.form().key.clone() });
        }
        let draft = ron_io::export(&self.load_draft()?);
        let newest = match self.versions()?.last() {
            Some(v) => Some(self.version_content(v.number)?),
            None => None,
        };
        let empty = ron_io::export(&Assessment::new(self.form));
        let keep = draft != empty && Some(&draft) != newest.as_ref() && draft != ron_io::export(doc);
        let form = self.form.key.clone();
        let path = self.path.clone();
        let err = |e| StoreError::from_sqlite(&path, e);
        let tx = super::begin_save(&mut self.conn).map_err(err)?;
        let kept = match keep {
            true => Some(insert_version(&tx, Stage::Draft, note, &form, draft).map_err(err)?.number),
            false => None,
        };
        super::write_draft(&tx, doc).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(kept)
    }

    /// Every frozen version, oldest first.
    pub fn versions(&self) -> Result<Vec<VersionInfo>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT number, stage, frozen_at, note, form, sha256, content FROM version ORDER BY number")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(VersionInfo {
                    number: r.get(0)?,
                    stage: r.get(1)?,
                    frozen_at: r.get(2)?,
                    note: r.get(3)?,
                    form: r.get(4)?,
                    sha256: r.get(5)?,
                    intact: digest(&r.get::<_, String>(6)?) == r.get::<_, String>(5)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// The canonical RON of a version, after checking it still matches its hash.
    pub fn version_content(&self, number: u32) -> Result<String, StoreError> {
        let row: Option<(String, String)> = self
            .conn
            .query_row("SELECT content, sha256 FROM version WHERE number = ?1", [number], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(self.err())?;
        let (content, sha) = row.ok_or(StoreError::NoSuchVersion(number))?;
        if digest(&content) != sha {
            return Err(StoreError::VersionAltered { path: self.path.clone(), number });
        }
        Ok(content)
    }

    /// A frozen version as an assessment (to read, export or compare; never to edit in place).
    pub fn load_version(&self, number: u32) -> Result<Assessment, StoreError> {
        let content = self.version_content(number)?;
        ron_io::import(&content).map_err(|e| self.damaged(format!("version {number}: {e}")))
    }
}

/// Adds the next version holding `content` inside an open transaction.
fn insert_version(
    tx: &rusqlite::Transaction,
    stage: Stage,
    note: &str,
    form: &str,
    content: String,
) -> rusqlite::Result<VersionInfo> {
    let sha256 = digest(&content);
    let frozen_at = jiff::ZonedDateTime::now().strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let number: u32 = tx.query_row("SELECT COALESCE(MAX(number), 0) + 1 FROM version", [], |r| r.get(0))?;
    tx.execute(
        "INSERT INTO version (number, stage, frozen_at, note, form, content, sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![number, stage.label(), frozen_at, note, form, content, sha256],
    )?;
    Ok(VersionInfo {
        number,
        stage: stage.label().to_owned(),
        frozen_at,
        note: note.to_owned(),
        form: form.to_owned(),
        sha256,
        intact: true,
    })
}
