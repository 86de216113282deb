//! Which item of an old list is which item of the new one.
//!
//! By identity when every object item of both lists carries the same identity key with a
//! unique scalar value; otherwise by content: a longest-common-subsequence diff of the items'
//! content hashes (under a deadline), then equal items found elsewhere (moves), then the
//! remaining items of each replaced region paired in order when they have the same type
//! (changes). Whatever is left was removed or added.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::eq::same;
use similar::{capture_diff_slices_deadline, Algorithm, DiffOp};

/// How long the content diff of one list may take before it settles for a coarser match.
const LIST_DEADLINE: Duration = Duration::from_millis(500);

#[derive(Debug, Default)]
pub(crate) struct Matching {
    /// (old index, new index), sorted by new index.
    pub pairs: Vec<(usize, usize)>,
    /// Old indices without a partner, ascending.
    pub removed: Vec<usize>,
    /// New indices without a partner, ascending.
    pub added: Vec<usize>,
    /// Indices into `pairs` of the pairs whose relative order changed (the rest form a
    /// longest increasing run of old indices and merely shifted).
    pub moved: Vec<usize>,
}

pub(crate) fn match_items(old: &[Value], new: &[Value], identity_keys: &[String]) -> Matching {
    let mut pairs = identity_key(old, new, identity_keys)
        .map(|key| by_identity(old, new, key))
        .unwrap_or_else(|| by_content(old, new));
    pairs.sort_unstable_by_key(|&(_, n)| n);
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    for &(o, n) in &pairs {
        old_used[o] = true;
        new_used[n] = true;
    }
    let removed = (0..old.len()).filter(|&i| !old_used[i]).collect();
    let added = (0..new.len()).filter(|&i| !new_used[i]).collect();
    let olds: Vec<usize> = pairs.iter().map(|&(o, _)| o).collect();
    let kept = longest_increasing(&olds);
    let mut in_run = vec![false; pairs.len()];
    for i in kept {
        in_run[i] = true;
    }
    let moved = (0..pairs.len()).filter(|&i| !in_run[i]).collect();
    Matching {
        pairs,
        removed,
        added,
        moved,
    }
}

/// The first identity key every object item of both lists has, with unique scalar values.
fn identity_key<'k>(old: &[Value], new: &[Value], keys: &'k [String]) -> Option<&'k str> {
    if old.is_empty() && new.is_empty() {
        return None;
    }
    keys.iter()
        .map(String::as_str)
        .find(|key| unique_identities(old, key).is_some() && unique_identities(new, key).is_some())
}

fn identity(item: &Value, key: &str) -> Option<String> {
    match item.as_object()?.get(key)? {
        Value::String(s) => Some(format!("s{s}")),
        v @ (Value::Number(_) | Value::Bool(_)) => Some(format!("v{v}")),
        _ => None,
    }
}

fn unique_identities(items: &[Value], key: &str) -> Option<HashMap<String, usize>> {
    let mut seen = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if seen.insert(identity(item, key)?, i).is_some() {
            return None;
        }
    }
    Some(seen)
}

fn by_identity(old: &[Value], new: &[Value], key: &str) -> Vec<(usize, usize)> {
    let olds = unique_identities(old, key).unwrap_or_default();
    new.iter()
        .enumerate()
        .filter_map(|(n, item)| {
            let id = identity(item, key)?;
            olds.get(&id).map(|&o| (o, n))
        })
        .collect()
}

fn by_content(old: &[Value], new: &[Value]) -> Vec<(usize, usize)> {
    let old_h: Vec<u64> = old.iter().map(content_hash).collect();
    let new_h: Vec<u64> = new.iter().map(content_hash).collect();
    let deadline = Instant::now() + LIST_DEADLINE;
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &old_h, &new_h, Some(deadline));

    let mut pairs = Vec::new();
    // The unmatched items of each region between two runs of equal items.
    let mut regions: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    let mut region = (Vec::new(), Vec::new());
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    // Hashes can collide: only equal values are a match.
                    if same(&old[old_index + k], &new[new_index + k]) {
                        pairs.push((old_index + k, new_index + k));
                    } else {
                        region.0.push(old_index + k);
                        region.1.push(new_index + k);
                    }
                }
                if !region.0.is_empty() || !region.1.is_empty() {
                    regions.push(std::mem::take(&mut region));
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => region.0.extend(old_index..old_index + old_len),
            DiffOp::Insert {
                new_index, new_len, ..
            } => region.1.extend(new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                region.0.extend(old_index..old_index + old_len);
                region.1.extend(new_index..new_index + new_len);
            }
        }
    }
    if !region.0.is_empty() || !region.1.is_empty() {
        regions.push(region);
    }

    // Equal items anywhere else: moves.
    let mut waiting: HashMap<u64, Vec<usize>> = HashMap::new();
    for (olds, _) in &regions {
        for &o in olds {
            waiting.entry(old_h[o]).or_default().push(o);
        }
    }
    let mut old_taken = vec![false; old.len()];
    let mut new_taken = vec![false; new.len()];
    for (_, news) in &regions {
        for &n in news {
            if let Some(candidates) = waiting.get_mut(&new_h[n]) {
                if let Some(pos) = candidates
                    .iter()
                    .position(|&o| !old_taken[o] && same(&old[o], &new[n]))
                {
                    let o = candidates.remove(pos);
                    old_taken[o] = true;
                    new_taken[n] = true;
                    pairs.push((o, n));
                }
            }
        }
    }

    // What is left of a region, in order and of the same type: the same item, changed.
    for (olds, news) in &regions {
        let olds = olds.iter().filter(|&&o| !old_taken[o]);
        let mut news = news.iter().filter(|&&n| !new_taken[n]).peekable();
        for &o in olds {
            let Some(&&n) = news.peek() else { break };
            if same_type(&old[o], &new[n]) {
                news.next();
                pairs.push((o, n));
            }
        }
    }
    pairs
}

fn same_type(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// A hash of the data, independent of map key order.
pub(crate) fn content_hash(value: &Value) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    hash_into(value, &mut h);
    h.finish()
}

fn hash_into(value: &Value, h: &mut impl Hasher) {
    match value {
        Value::Null => 0u8.hash(h),
        Value::Bool(b) => (1u8, b).hash(h),
        Value::Number(n) => (2u8, n.to_string()).hash(h),
        Value::String(s) => (3u8, s).hash(h),
        Value::Array(items) => {
            (4u8, items.len()).hash(h);
            for item in items {
                hash_into(item, h);
            }
        }
        Value::Object(map) => {
            // Order-independent: combine the entries' own hashes commutatively.
            let mut acc = 0u64;
            for (k, v) in map {
                let mut e = std::collections::hash_map::DefaultHasher::new();
                k.hash(&mut e);
                hash_into(v, &mut e);
                acc = acc.wrapping_add(e.finish());
            }
            (5u8, map.len(), acc).hash(h);
        }
    }
}

/// Indices (into `seq`) of one longest strictly increasing subsequence.
fn longest_increasing(seq: &[usize]) -> Vec<usize> {
    // Patience: tails[k] = index of the smallest tail of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; seq.len()];
    for (i, &x) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < x);
        if k > 0 {
            prev[i] = tails[k - 1];
        }
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(i) = at {
        out.push(i);
        at = (prev[i] != usize::MAX).then(|| prev[i]);
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn arr(v: Value) -> Vec<Value> {
        v.as_array().unwrap().clone()
    }

    #[test]
    fn longest_increasing_run() {
        assert_eq!(longest_increasing(&[3, 0, 1, 2]), vec![1, 2, 3]);
        assert_eq!(longest_increasing(&[0, 1, 2]), vec![0, 1, 2]);
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
        assert_eq!(longest_increasing(&[2, 1, 0]).len(), 1);
    }

    #[test]
    fn identity_matches_across_reordering_and_insertion() {
        let keys = vec!["name".to_string(), "id".to_string()];
        let old = arr(json!([{"name": "a", "x": 1}, {"name": "b"}, {"name": "c"}]));
        let new =
            arr(json!([{"name": "new"}, {"name": "c"}, {"name": "a", "x": 2}, {"name": "b"}]));
        let m = match_items(&old, &new, &keys);
        assert_eq!(m.pairs, vec![(2, 1), (0, 2), (1, 3)]);
        assert_eq!(m.added, vec![0]);
        assert!(m.removed.is_empty());
        // `c` moved in front of `a` and `b`, which kept their order.
        assert_eq!(m.moved, vec![0]);
    }

    #[test]
    fn duplicate_identities_fall_back_to_content() {
        let keys = vec!["name".to_string()];
        let old = arr(json!([{"name": "a"}, {"name": "a", "v": 1}]));
        let new = arr(json!([{"name": "a"}, {"name": "a", "v": 1}, {"name": "b"}]));
        let m = match_items(&old, &new, &keys);
        assert_eq!(m.pairs, vec![(0, 0), (1, 1)]);
        assert_eq!(m.added, vec![2]);
    }

    #[test]
    fn content_matching_keeps_shifted_items_and_finds_moves_and_changes() {
        let old = arr(json!([1, 2, 3, {"k": 1}, "x"]));
        let new = arr(json!(["x", 0, 1, 2, 3, {"k": 2}]));
        let m = match_items(&old, &new, &[]);
        // 1, 2, 3 only shifted; "x" moved to the front; {"k":1} changed into {"k":2}.
        assert_eq!(m.pairs, vec![(4, 0), (0, 2), (1, 3), (2, 4), (3, 5)]);
        assert_eq!(m.added, vec![1]);
        assert!(m.removed.is_empty());
        assert_eq!(m.moved, vec![0]);
    }

    #[test]
    fn key_order_does_not_change_the_content_hash() {
        let a: Value = serde_json::from_str(r#"{"a": 1, "b": [1, {"c": 2, "d": 3}]}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"b": [1, {"d": 3, "c": 2}], "a": 1}"#).unwrap();
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_ne!(content_hash(&a), content_hash(&json!({"a": 1})));
    }
}
