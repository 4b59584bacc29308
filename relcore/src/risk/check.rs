//! `Policy::check`: every problem of a policy, as diagnostics.

use super::policy::{Condition, Effect, Policy, Rule};
use crate::diagnostic::{Diagnostic, Severity};

impl Policy {
    /// Every problem of the policy, in document order: errors for what cannot work,
    /// warnings for what is probably a mistake. Classification still runs on a policy
    /// with problems (it is total); this is for the CLI and the bindings to report when
    /// they load a policy.
    ///
    /// | code | severity | meaning |
    /// |---|---|---|
    /// | `invalid_rule_name` | error | a rule name is empty or `fallback` (reserved for the fallback's reason) |
    /// | `duplicate_rule` | error | two `overrides` or two `rules` have the same name |
    /// | `invalid_steps` | error | steps outside 1–100, not increasing, or not ending at 100 |
    /// | `empty_glob` | error | an empty glob, which matches nothing |
    /// | `invalid_glob` | error | a glob that does not compile (`[ab`, `*.{yaml`), which would match nothing |
    /// | `steps_without_strategy` | warning | a rule gives steps but no strategy, so they are ignored |
    /// | `empty_condition` | warning | `all` or `any` of nothing, which never holds |
    /// | `missing_approvers` | warning | approval required, but nobody named |
    /// | `unknown_rule` | warning | `disabled` names a rule that does not exist |
    ///
    /// ```
    /// use relcore::risk::Policy;
    /// assert!(Policy::default().check().is_empty());
    ///
    /// let policy: Policy = serde_json::from_str(r#"{
    ///     "overrides": [{"name": "slow", "when": "always", "then": {"strategy": "canary", "steps": [50, 20]}}],
    ///     "disabled": ["majr_bump"]
    /// }"#)?;
    /// let problems = policy.check();
    /// let codes: Vec<&str> = problems.iter().map(|d| d.code.as_str()).collect();
    /// assert_eq!(codes, ["invalid_steps", "unknown_rule"]);
    /// assert_eq!(problems[0].path.as_deref(), Some("overrides[0].then.steps"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        check_rules(&mut out, "overrides", &self.overrides);
        check_rules(&mut out, "rules", &self.rules);
        for (i, name) in self.disabled.iter().enumerate() {
            let known = self
                .overrides
                .iter()
                .chain(&self.rules)
                .any(|r| r.name == *name);
            if !known {
                out.push(
                    diagnostic(
                        "unknown_rule",
                        Severity::Warning,
                        format!("disabled[{i}]"),
                        format!("`disabled` names `{name}`, which is not a rule"),
                    )
                    .with_value(name.clone())
                    .with_hint("names are those of `overrides` and `rules`, such as `major_bump`"),
                );
            }
        }
        check_steps(&mut out, "fallback.steps", &self.fallback.steps);
        if self.fallback.approval.is_required() && self.fallback.approval.by.is_empty() {
            out.push(missing_approvers("fallback.approval".to_owned()));
        }
        for (field, globs) in [
            ("migration_paths", &self.migration_paths),
            ("config_paths", &self.config_paths),
            ("hotfix_branches", &self.hotfix_branches),
        ] {
            check_globs(&mut out, field, globs);
        }
        out
    }
}

fn check_rules(out: &mut Vec<Diagnostic>, list: &str, rules: &[Rule]) {
    for (i, rule) in rules.iter().enumerate() {
        let at = format!("{list}[{i}]");
        if rule.name.trim().is_empty() || rule.name == "fallback" {
            out.push(
                diagnostic(
                    "invalid_rule_name",
                    Severity::Error,
                    format!("{at}.name"),
                    format!("rule name `{}` is empty or reserved", rule.name),
                )
                .with_value(rule.name.clone())
                .with_hint("name rules with a snake_case slug other than `fallback`"),
            );
        } else if rules.iter().take(i).any(|r| r.name == rule.name) {
            out.push(
                diagnostic(
                    "duplicate_rule",
                    Severity::Error,
                    format!("{at}.name"),
                    format!("two rules of `{list}` are named `{}`", rule.name),
                )
                .with_value(rule.name.clone())
                .with_hint("give each rule its own name; reasons name the rule that fired"),
            );
        }
        check_condition(out, &format!("{at}.when"), &rule.when);
        check_effect(out, &format!("{at}.then"), &rule.then);
    }
}

fn check_condition(out: &mut Vec<Diagnostic>, at: &str, condition: &Condition) {
    match condition {
        Condition::AnyPath(globs) => check_globs(out, &format!("{at}.any_path"), globs),
        Condition::OnlyPaths(globs) => check_globs(out, &format!("{at}.only_paths"), globs),
        Condition::Branch(globs) => check_globs(out, &format!("{at}.branch"), globs),
        Condition::All(cs) | Condition::Any(cs) => {
            let key = if matches!(condition, Condition::All(_)) {
                "all"
            } else {
                "any"
            };
            if cs.is_empty() {
                out.push(
                    diagnostic(
                        "empty_condition",
                        Severity::Warning,
                        format!("{at}.{key}"),
                        format!("`{key}` of no conditions never holds"),
                    )
                    .with_hint("list at least one condition, or use `always`"),
                );
            }
            for (i, c) in cs.iter().enumerate() {
                check_condition(out, &format!("{at}.{key}[{i}]"), c);
            }
        }
        Condition::Not(inner) => check_condition(out, &format!("{at}.not"), inner),
        _ => {}
    }
}

fn check_effect(out: &mut Vec<Diagnostic>, at: &str, effect: &Effect) {
    if let Some(steps) = &effect.steps {
        check_steps(out, &format!("{at}.steps"), steps);
        if effect.strategy.is_none() {
            out.push(
                diagnostic(
                    "steps_without_strategy",
                    Severity::Warning,
                    format!("{at}.steps"),
                    "steps without a strategy are ignored".to_owned(),
                )
                .with_hint("set `strategy` in the same rule, such as `canary`"),
            );
        }
    }
    if let Some(approval) = &effect.approval
        && approval.is_required()
        && approval.by.is_empty()
    {
        out.push(missing_approvers(format!("{at}.approval")));
    }
}

/// Steps are percentages in 1–100, strictly increasing, ending at 100; or none at all.
fn check_steps(out: &mut Vec<Diagnostic>, at: &str, steps: &[u8]) {
    if steps.is_empty() {
        return;
    }
    let in_range = steps.iter().all(|s| (1..=100).contains(s));
    let increasing = steps.windows(2).all(|w| matches!(w, [a, b] if a < b));
    let ends = steps.last() == Some(&100);
    if !(in_range && increasing && ends) {
        let shown: Vec<String> = steps.iter().map(ToString::to_string).collect();
        out.push(
            diagnostic(
                "invalid_steps",
                Severity::Error,
                at.to_owned(),
                format!(
                    "steps [{}] must increase within 1 to 100 and end at 100",
                    shown.join(", ")
                ),
            )
            .with_value(format!("[{}]", shown.join(", ")))
            .with_hint("for example [20, 50, 100]"),
        );
    }
}

fn check_globs(out: &mut Vec<Diagnostic>, at: &str, globs: &[String]) {
    for (i, glob) in globs.iter().enumerate() {
        if glob.trim_matches('/').is_empty() {
            out.push(
                diagnostic(
                    "empty_glob",
                    Severity::Error,
                    format!("{at}[{i}]"),
                    "an empty glob matches nothing".to_owned(),
                )
                .with_value(glob.clone())
                .with_hint("`**` matches every path"),
            );
        } else if let Err(reason) = super::glob::check(glob) {
            out.push(
                diagnostic(
                    "invalid_glob",
                    Severity::Error,
                    format!("{at}[{i}]"),
                    format!("`{glob}` is not a valid glob: {reason}"),
                )
                .with_value(glob.clone())
                .with_hint("globs follow gitignore: `*`, `?`, `**`, `[abc]`, `{a,b}`; escape a literal with `\\`"),
            );
        }
    }
}

fn missing_approvers(at: String) -> Diagnostic {
    diagnostic(
        "missing_approvers",
        Severity::Warning,
        at,
        "approval is required, but nobody is named to give it".to_owned(),
    )
    .with_hint("name the roles in `by`, such as [\"release-manager\"]")
}

fn diagnostic(code: &str, severity: Severity, path: String, message: String) -> Diagnostic {
    Diagnostic {
        code: code.to_owned(),
        severity,
        path: Some(path),
        offset: None,
        line: None,
        column: None,
        value: None,
        message,
        hint: None,
    }
}

#[cfg(test)]
mod tests {
    use crate::risk::Policy;

    fn codes(json: &str) -> Vec<(String, String)> {
        let policy: Policy = serde_json::from_str(json).unwrap();
        policy
            .check()
            .into_iter()
            .map(|d| (d.code, d.path.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn every_problem_is_reported_in_document_order() {
        let found = codes(
            r#"{
            "overrides": [
                {"name": "", "when": {"all": []}},
                {"name": "a", "when": {"not": {"any_path": ["", "x/**", "*.{yaml,yml"]}}, "then": {"steps": [20, 100]}},
                {"name": "a", "when": "always", "then": {"approval": {"level": "required"}}}
            ],
            "rules": [{"name": "fallback", "when": "always", "then": {"strategy": "canary", "steps": [0, 100]}}],
            "disabled": ["nope"],
            "fallback": {"steps": [50]},
            "config_paths": ["/", "config/*.[jt]oml", "config/[a"]
        }"#,
        );
        let expected = [
            ("invalid_rule_name", "overrides[0].name"),
            ("empty_condition", "overrides[0].when.all"),
            ("empty_glob", "overrides[1].when.not.any_path[0]"),
            ("invalid_glob", "overrides[1].when.not.any_path[2]"),
            ("steps_without_strategy", "overrides[1].then.steps"),
            ("duplicate_rule", "overrides[2].name"),
            ("missing_approvers", "overrides[2].then.approval"),
            ("invalid_rule_name", "rules[0].name"),
            ("invalid_steps", "rules[0].then.steps"),
            ("unknown_rule", "disabled[0]"),
            ("invalid_steps", "fallback.steps"),
            ("empty_glob", "config_paths[0]"),
            ("invalid_glob", "config_paths[2]"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn steps_rules() {
        for (steps, ok) in [
            ("[]", true),
            ("[100]", true),
            ("[1, 2, 100]", true),
            ("[20, 20, 100]", false),
            ("[50, 20, 100]", false),
            ("[20, 50]", false),
            ("[20, 150]", false),
        ] {
            let json = format!(r#"{{"fallback": {{"steps": {steps}}}}}"#);
            assert_eq!(codes(&json).is_empty(), ok, "{steps}");
        }
    }
}
