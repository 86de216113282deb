//! The meaning of each [`EditOp`] on plain JSON values. Documents check every text edit
//! against it, and the property tests use it as their oracle.

use crate::edit::EditOp;
use crate::pointer::{parse_index, Pointer};
use serde_json::Value;

/// Applies `op` to `value` with the same rules [`crate::Document::apply`] follows.
pub fn apply(value: &mut Value, op: &EditOp) -> Result<(), String> {
    match op {
        EditOp::Set { path, value: new } => {
            if let Some(slot) = value.pointer_mut(&path.to_string()) {
                *slot = new.clone();
                return Ok(());
            }
            let (parent, key) = path.split_last().ok_or("no root")?;
            match lookup(value, &parent)? {
                Value::Object(map) => {
                    map.insert(key.to_string(), new.clone());
                    Ok(())
                }
                _ => Err(format!("nothing at {path}")),
            }
        }
        EditOp::Add { path, value: new } => {
            let (parent, key) = path.split_last().ok_or("cannot add the root")?;
            match lookup(value, &parent)? {
                Value::Object(map) => {
                    map.insert(key.to_string(), new.clone());
                    Ok(())
                }
                Value::Array(items) => {
                    let i = if key == "-" {
                        items.len()
                    } else {
                        parse_index(key).ok_or("bad index")?
                    };
                    if i > items.len() {
                        return Err("index out of range".into());
                    }
                    items.insert(i, new.clone());
                    Ok(())
                }
                _ => Err("not a container".into()),
            }
        }
        EditOp::Remove { path } => {
            let (parent, key) = path.split_last().ok_or("cannot remove the root")?;
            match lookup(value, &parent)? {
                Value::Object(map) => map
                    .shift_remove(key)
                    .map(drop)
                    .ok_or_else(|| "no such key".into()),
                Value::Array(items) => {
                    let i = parse_index(key)
                        .filter(|&i| i < items.len())
                        .ok_or("no such item")?;
                    items.remove(i);
                    Ok(())
                }
                _ => Err("not a container".into()),
            }
        }
        EditOp::Rename { path, new_key } => {
            let (parent, key) = path.split_last().ok_or("no key")?;
            let Value::Object(map) = lookup(value, &parent)? else {
                return Err("not a map".into());
            };
            if key != new_key && map.contains_key(new_key) {
                return Err("key exists".into());
            }
            if !map.contains_key(key) {
                return Err("no such key".into());
            }
            *map = std::mem::take(map)
                .into_iter()
                .map(|(k, v)| {
                    if k == key {
                        (new_key.clone(), v)
                    } else {
                        (k, v)
                    }
                })
                .collect();
            Ok(())
        }
        EditOp::Move { path, to } => {
            let (parent, key) = path.split_last().ok_or("no item")?;
            let Value::Array(items) = lookup(value, &parent)? else {
                return Err("not a list".into());
            };
            let from = parse_index(key)
                .filter(|&i| i < items.len())
                .ok_or("no such item")?;
            if *to >= items.len() {
                return Err("target out of range".into());
            }
            let item = items.remove(from);
            items.insert(*to, item);
            Ok(())
        }
    }
}

fn lookup<'a>(value: &'a mut Value, path: &Pointer) -> Result<&'a mut Value, String> {
    value
        .pointer_mut(&path.to_string())
        .ok_or_else(|| format!("nothing at {path}"))
}
