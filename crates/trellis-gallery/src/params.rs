//! A template's parameters: a JSON Schema object whose properties are the parameters, each
//! with a type, a default, and whatever constraints it needs. Values given by the user are
//! checked against it (with Trellis's own JSON Schema engine, formats asserted), defaults
//! fill in what was not given, and unknown names are refused.

use serde_json::{Map, Value};
use std::sync::Arc;
use trellis_schema::{did_you_mean, LoadOptions, Origin, Schema};

/// One problem with one parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    pub parameter: String,
    pub message: String,
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "parameter {}: {}", self.parameter, self.message)
    }
}

/// A template's parameter schema, compiled.
#[derive(Clone)]
pub struct Parameters {
    schema: Value,
    compiled: Arc<Schema>,
    names: Vec<String>,
}

impl std::fmt::Debug for Parameters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parameters")
            .field("names", &self.names)
            .finish_non_exhaustive()
    }
}

impl Parameters {
    /// Compiles a parameter schema: an object schema with `properties`; each property is one
    /// parameter.
    pub fn new(schema: Value, template: &str) -> Result<Parameters, String> {
        let Some(object) = schema.as_object() else {
            return Err("parameters: expected a JSON Schema object".into());
        };
        if let Some(t) = object.get("type") {
            if t != "object" {
                return Err(format!(
                    "parameters: the schema's type must be \"object\", not {t}"
                ));
            }
        }
        let properties = match object.get("properties") {
            None => Map::new(),
            Some(Value::Object(p)) => p.clone(),
            Some(_) => return Err("parameters: properties must be an object".into()),
        };
        for (name, property) in &properties {
            if !property.is_object() {
                return Err(format!(
                    "parameters: {name}: expected a schema object, got {property}"
                ));
            }
        }
        let compiled = Schema::compile(
            schema.clone(),
            Origin::Inline(format!("the parameters of template {template}")),
            None,
            &LoadOptions::default(),
        )
        .map_err(|e| format!("parameters: {e}"))?;
        // Defaults must be valid values themselves.
        let names: Vec<String> = properties.keys().cloned().collect();
        let parameters = Parameters {
            schema,
            compiled: Arc::new(compiled),
            names,
        };
        for (name, property) in &properties {
            if let Some(default) = property.get("default") {
                let mut one = Map::new();
                one.insert(name.clone(), default.clone());
                if let Some(e) = parameters
                    .check(&one)
                    .into_iter()
                    .find(|e| e.parameter == *name)
                {
                    return Err(format!(
                        "parameters: the default of {name} is not valid: {}",
                        e.message
                    ));
                }
            }
        }
        Ok(parameters)
    }

    /// The parameter schema as written.
    pub fn schema(&self) -> &Value {
        &self.schema
    }

    /// Parameter names, in the schema's order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The schema of one parameter.
    pub fn property(&self, name: &str) -> Option<&Value> {
        self.schema.get("properties")?.get(name)
    }

    /// Every parameter's default (those without one are left out).
    pub fn defaults(&self) -> Map<String, Value> {
        self.names
            .iter()
            .filter_map(|n| Some((n.clone(), self.property(n)?.get("default")?.clone())))
            .collect()
    }

    /// The values to render with: `given` over the defaults. Unknown names, missing required
    /// values and values the schema refuses are errors, all of them reported at once.
    pub fn resolve(
        &self,
        given: &Map<String, Value>,
    ) -> Result<Map<String, Value>, Vec<ParamError>> {
        let mut errors = Vec::new();
        for name in given.keys() {
            if !self.names.contains(name) {
                errors.push(self.unknown(name));
            }
        }
        let mut values = Map::new();
        for name in &self.names {
            match given.get(name) {
                Some(v) => {
                    values.insert(name.clone(), v.clone());
                }
                None => {
                    if let Some(d) = self.property(name).and_then(|p| p.get("default")) {
                        values.insert(name.clone(), d.clone());
                    }
                }
            }
        }
        errors.extend(self.check(&values));
        if errors.is_empty() {
            Ok(values)
        } else {
            Err(errors)
        }
    }

    fn unknown(&self, name: &str) -> ParamError {
        let known = if self.names.is_empty() {
            "this template has no parameters".to_string()
        } else {
            format!("its parameters are: {}", self.names.join(", "))
        };
        let hint = did_you_mean(name, self.names.iter().map(String::as_str))
            .map(|m| format!("did you mean {m}? "))
            .unwrap_or_default();
        ParamError {
            parameter: name.to_string(),
            message: format!("no such parameter; {hint}{known}"),
        }
    }

    /// The schema's findings on a set of values, each named by its parameter.
    fn check(&self, values: &Map<String, Value>) -> Vec<ParamError> {
        let instance = Value::Object(values.clone());
        let mut errors: Vec<ParamError> = Vec::new();
        for e in self.compiled.validator().iter_errors(&instance) {
            let path = e.instance_path().as_str().to_string();
            let parameter = path
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or_default()
                .replace("~1", "/")
                .replace("~0", "~");
            let message = e.to_string();
            let (parameter, message) = if parameter.is_empty() {
                // A finding about the whole set: a missing required parameter, or one
                // `additionalProperties` refuses (already reported by name above).
                match missing_name(&message) {
                    Some(name) => (name, "a value is required".to_string()),
                    None if message.contains("Additional properties") => continue,
                    None => ("(all)".to_string(), message),
                }
            } else {
                (parameter, message)
            };
            if !errors
                .iter()
                .any(|x| x.parameter == parameter && x.message == message)
            {
                errors.push(ParamError { parameter, message });
            }
        }
        errors
    }

    /// Reads a value typed on a command line (`KEY=VALUE`) as the parameter's type says:
    /// strings as they are, numbers and booleans parsed, lists as JSON or comma-separated.
    pub fn parse_text(&self, name: &str, text: &str) -> Result<Value, ParamError> {
        let Some(property) = self.property(name) else {
            return Err(self.unknown(name));
        };
        let fail = |expected: &str| ParamError {
            parameter: name.to_string(),
            message: format!("expected {expected}, got {text:?}"),
        };
        let types: Vec<&str> = match property.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let json = || serde_json::from_str::<Value>(text).ok();
        if types.is_empty() {
            // Untyped (an enum, say): JSON when it reads as JSON of an allowed value, else text.
            return Ok(json()
                .filter(|v| !v.is_string() || text.starts_with('"'))
                .unwrap_or_else(|| Value::String(text.to_string())));
        }
        for t in &types {
            let parsed = match *t {
                "string" => Some(Value::String(text.to_string())),
                "integer" => text.trim().parse::<i64>().ok().map(Value::from),
                "number" => text
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(|n| {
                        // Whole numbers stay integers (8080, not 8080.0).
                        match text.trim().parse::<i64>() {
                            Ok(i) => Value::from(i),
                            Err(_) => Value::Number(n),
                        }
                    }),
                "boolean" => match text.trim() {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    _ => None,
                },
                "array" => match json() {
                    Some(v @ Value::Array(_)) => Some(v),
                    _ if text.trim().is_empty() => Some(Value::Array(Vec::new())),
                    _ => Some(Value::Array(
                        text.split(',')
                            .map(|s| Value::String(s.trim().to_string()))
                            .collect(),
                    )),
                },
                "object" => json().filter(Value::is_object),
                "null" => (text == "null").then_some(Value::Null),
                _ => None,
            };
            if let Some(v) = parsed {
                return Ok(v);
            }
        }
        let expected = types
            .iter()
            .map(|t| match *t {
                "integer" => "an integer",
                "number" => "a number",
                "boolean" => "true or false",
                "object" => "a JSON object",
                "array" => "a list",
                other => other,
            })
            .collect::<Vec<_>>()
            .join(" or ");
        Err(fail(&expected))
    }
}

/// The property a "… is a required property" message names.
fn missing_name(message: &str) -> Option<String> {
    let rest = message.strip_suffix(" is a required property")?;
    match serde_json::from_str::<Value>(rest) {
        Ok(Value::String(s)) => Some(s),
        _ => Some(rest.trim_matches('"').to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Parameters {
        Parameters::new(
            json!({
                "type": "object",
                "properties": {
                    "name": {"type": "string", "minLength": 1, "default": "app"},
                    "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 8080},
                    "ratio": {"type": "number", "default": 0.5},
                    "cache": {"type": "boolean", "default": true},
                    "topics": {"type": "array", "items": {"type": "string"}, "default": []},
                    "level": {"enum": ["info", "warn"], "default": "info"},
                    "url": {"type": "string", "format": "uri", "default": "http://localhost:1"},
                    "needed": {"type": "string"}
                },
                "required": ["needed"]
            }),
            "sample",
        )
        .unwrap()
    }

    #[test]
    fn defaults_fill_in_and_given_values_win() {
        let p = sample();
        let given = json!({"needed": "x", "port": 9000})
            .as_object()
            .unwrap()
            .clone();
        let values = p.resolve(&given).unwrap();
        assert_eq!(values["port"], 9000);
        assert_eq!(values["name"], "app");
        assert_eq!(values["cache"], true);
        assert_eq!(values["needed"], "x");
    }

    #[test]
    fn unknown_missing_and_invalid_values_are_named() {
        let p = sample();
        let given = json!({"prot": 1, "port": 70000, "url": "not a uri", "level": "debug"})
            .as_object()
            .unwrap()
            .clone();
        let errors = p.resolve(&given).unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let find = |name: &str| {
            text.iter()
                .find(|t| t.starts_with(&format!("parameter {name}:")))
                .unwrap_or_else(|| panic!("no error for {name} in {text:?}"))
                .clone()
        };
        assert!(find("prot").contains("did you mean port?"), "{text:?}");
        assert!(find("port").contains("65535"), "{text:?}");
        assert!(find("url").contains("uri"), "{text:?}");
        assert!(find("level").contains("info"), "{text:?}");
        assert!(find("needed").contains("required"), "{text:?}");
    }

    #[test]
    fn command_line_text_is_read_by_type() {
        let p = sample();
        assert_eq!(p.parse_text("port", "8081").unwrap(), json!(8081));
        assert_eq!(p.parse_text("ratio", "0.25").unwrap(), json!(0.25));
        assert_eq!(p.parse_text("cache", "false").unwrap(), json!(false));
        assert_eq!(p.parse_text("name", "8081").unwrap(), json!("8081"));
        assert_eq!(p.parse_text("topics", "a, b").unwrap(), json!(["a", "b"]));
        assert_eq!(p.parse_text("topics", "[\"a,b\"]").unwrap(), json!(["a,b"]));
        assert_eq!(p.parse_text("level", "warn").unwrap(), json!("warn"));
        let e = p.parse_text("port", "eighty").unwrap_err();
        assert_eq!(
            e.to_string(),
            "parameter port: expected an integer, got \"eighty\""
        );
        let e = p.parse_text("cache", "yes").unwrap_err();
        assert!(e.message.contains("true or false"), "{e}");
        assert!(p
            .parse_text("nope", "1")
            .unwrap_err()
            .message
            .contains("no such parameter"));
    }

    #[test]
    fn an_invalid_default_or_schema_is_refused() {
        let e = Parameters::new(
            json!({"properties": {"port": {"type": "integer", "default": "x"}}}),
            "t",
        )
        .unwrap_err();
        assert!(e.contains("default of port"), "{e}");
        assert!(Parameters::new(json!([]), "t").is_err());
        assert!(Parameters::new(json!({"type": "string"}), "t").is_err());
    }
}
