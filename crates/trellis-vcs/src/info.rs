//! Plain-data descriptions of commits, shared by the other modules.

use serde::Serialize;

/// A commit, as a UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitInfo {
    /// Full hexadecimal commit id.
    pub id: String,
    /// Shortest unambiguous abbreviation (at least 7 characters, like `git log --oneline`).
    pub short_id: String,
    /// Author name.
    pub author_name: String,
    /// Author e-mail.
    pub author_email: String,
    /// Author date, seconds since the Unix epoch.
    pub time: i64,
    /// The author's UTC offset, in minutes.
    pub time_offset_minutes: i32,
    /// Author date in RFC 3339 form with the author's offset, e.g. `2024-05-01T13:45:00+02:00`.
    pub date: String,
    /// First line of the message.
    pub summary: String,
    /// Whole message.
    pub message: String,
}

impl CommitInfo {
    pub(crate) fn from_commit(commit: &git2::Commit<'_>) -> CommitInfo {
        let author = commit.author();
        let when = author.when();
        let id = commit.id().to_string();
        let short_id = commit
            .as_object()
            .short_id()
            .ok()
            .and_then(|b| b.as_str().ok().map(str::to_owned))
            .unwrap_or_else(|| id[..7.min(id.len())].to_owned());
        CommitInfo {
            short_id,
            id,
            author_name: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            author_email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
            time: when.seconds(),
            time_offset_minutes: when.offset_minutes(),
            date: rfc3339(when.seconds(), when.offset_minutes()),
            summary: commit
                .summary_bytes()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .unwrap_or_default(),
            message: String::from_utf8_lossy(commit.message_bytes()).into_owned(),
        }
    }
}

/// Formats a Unix time with a UTC offset as RFC 3339 (no dependency on a date crate).
pub fn rfc3339(seconds: i64, offset_minutes: i32) -> String {
    let local = seconds + i64::from(offset_minutes) * 60;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    let offset = if offset_minutes == 0 {
        "Z".to_owned()
    } else {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let o = offset_minutes.unsigned_abs();
        format!("{sign}{:02}:{:02}", o / 60, o % 60)
    };
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}{offset}")
}

/// Days since 1970-01-01 to (year, month, day); Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::rfc3339;

    #[test]
    fn formats_dates() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_714_563_900, 120), "2024-05-01T13:45:00+02:00");
        assert_eq!(rfc3339(951_782_400, -330), "2000-02-28T18:30:00-05:30");
        assert_eq!(rfc3339(-1, 0), "1969-12-31T23:59:59Z");
    }
}
