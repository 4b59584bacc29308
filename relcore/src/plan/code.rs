//! The codes of rollout-plan diagnostics: every rule of the plan check, the timeline
//! reader and the schedule, one variant each.

use std::fmt;

/// The code of a plan, timeline or schedule diagnostic; [`as_str`](PlanCode::as_str) is
/// the [`Diagnostic::code`](crate::diagnostic::Diagnostic::code) the diagnostic carries.
///
/// ```
/// use relcore::plan::{validate, Context, PlanCode};
/// let report = validate("deployment: { strategy: canary, stages: [] }\n", &Context::default());
/// let codes = report.diagnostics.iter().map(|d| d.code.parse()).collect::<Result<Vec<PlanCode>, _>>()?;
/// assert!(codes.contains(&PlanCode::NoStages));
/// # Ok::<(), relcore::plan::UnknownPlanCode>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PlanCode {
    /// `invalid_yaml`.
    InvalidYaml,
    /// `yaml_limit`.
    YamlLimit,
    /// `empty_plan`.
    EmptyPlan,
    /// `invalid_type`.
    InvalidType,
    /// `unknown_key`.
    UnknownKey,
    /// `duplicate_key`.
    DuplicateKey,
    /// `missing_key`.
    MissingKey,
    /// `invalid_value`.
    InvalidValue,
    /// `unknown_strategy`.
    UnknownStrategy,
    /// `multiple_strategies`.
    MultipleStrategies,
    /// `no_stages`.
    NoStages,
    /// `missing_stage_name`.
    MissingStageName,
    /// `duplicate_stage`.
    DuplicateStage,
    /// `metric_redeclared`.
    MetricRedeclared,
    /// `weight_out_of_range`.
    WeightOutOfRange,
    /// `weight_decreasing`.
    WeightDecreasing,
    /// `final_weight_not_full`.
    FinalWeightNotFull,
    /// `canary_too_large`.
    CanaryTooLarge,
    /// `duration_missing_unit`.
    DurationMissingUnit,
    /// `invalid_duration`.
    InvalidDuration,
    /// `duration_not_positive`.
    DurationNotPositive,
    /// `missing_duration`.
    MissingDuration,
    /// `grace_period_too_long`.
    GracePeriodTooLong,
    /// `invalid_gate`.
    InvalidGate,
    /// `unknown_metric`.
    UnknownMetric,
    /// `incompatible_unit`.
    IncompatibleUnit,
    /// `threshold_out_of_domain`.
    ThresholdOutOfDomain,
    /// `contradictory_gates`.
    ContradictoryGates,
    /// `gate_looser_than_trigger`.
    GateLooserThanTrigger,
    /// `hold_band`.
    HoldBand,
    /// `auto_advance_with_approval`.
    AutoAdvanceWithApproval,
    /// `high_risk_without_approval`.
    HighRiskWithoutApproval,
    /// `rollback_disabled_with_triggers`.
    RollbackDisabledWithTriggers,
    /// `migration_auto_rollback`.
    MigrationAutoRollback,
    /// `missing_rollback`.
    MissingRollback,
    /// `missing_timezone`.
    MissingTimezone,
    /// `unknown_timezone`.
    UnknownTimezone,
    /// `invalid_window`.
    InvalidWindow,
    /// `invalid_freeze`.
    InvalidFreeze,
    /// `invalid_start`.
    InvalidStart,
    /// `outside_window`.
    OutsideWindow,
    /// `friday_deploy`.
    FridayDeploy,
    /// `holiday_deploy`.
    HolidayDeploy,
    /// `freeze_conflict`.
    FreezeConflict,
    /// `missing_service_name`.
    MissingServiceName,
    /// `duplicate_service`.
    DuplicateService,
    /// `unknown_dependency`.
    UnknownDependency,
    /// `dependency_cycle`.
    DependencyCycle,
    /// `missing_health_check`.
    MissingHealthCheck,
    /// `auto_advance_without_gates`.
    AutoAdvanceWithoutGates,
    /// `gate_without_trigger`.
    GateWithoutTrigger,
    /// `end_of_month_deploy`.
    EndOfMonthDeploy,
    /// `no_window`.
    NoWindow,
    /// `invalid_holiday`.
    InvalidHoliday,
    /// `invalid_timeline`.
    InvalidTimeline,
    /// `invalid_record`.
    InvalidRecord,
    /// `invalid_time`.
    InvalidTime,
    /// `missing_column`.
    MissingColumn,
    /// `timeline_limit`.
    TimelineLimit,
    /// `unknown_stage`.
    UnknownStage,
    /// `unknown_service`.
    UnknownService,
}

impl PlanCode {
    /// Every code: the plan check's rules, then the schedule's, then the timeline's.
    pub const ALL: [PlanCode; 61] = [
        PlanCode::InvalidYaml,
        PlanCode::YamlLimit,
        PlanCode::EmptyPlan,
        PlanCode::InvalidType,
        PlanCode::UnknownKey,
        PlanCode::DuplicateKey,
        PlanCode::MissingKey,
        PlanCode::InvalidValue,
        PlanCode::UnknownStrategy,
        PlanCode::MultipleStrategies,
        PlanCode::NoStages,
        PlanCode::MissingStageName,
        PlanCode::DuplicateStage,
        PlanCode::MetricRedeclared,
        PlanCode::WeightOutOfRange,
        PlanCode::WeightDecreasing,
        PlanCode::FinalWeightNotFull,
        PlanCode::CanaryTooLarge,
        PlanCode::DurationMissingUnit,
        PlanCode::InvalidDuration,
        PlanCode::DurationNotPositive,
        PlanCode::MissingDuration,
        PlanCode::GracePeriodTooLong,
        PlanCode::InvalidGate,
        PlanCode::UnknownMetric,
        PlanCode::IncompatibleUnit,
        PlanCode::ThresholdOutOfDomain,
        PlanCode::ContradictoryGates,
        PlanCode::GateLooserThanTrigger,
        PlanCode::HoldBand,
        PlanCode::AutoAdvanceWithApproval,
        PlanCode::HighRiskWithoutApproval,
        PlanCode::RollbackDisabledWithTriggers,
        PlanCode::MigrationAutoRollback,
        PlanCode::MissingRollback,
        PlanCode::MissingTimezone,
        PlanCode::UnknownTimezone,
        PlanCode::InvalidWindow,
        PlanCode::InvalidFreeze,
        PlanCode::InvalidStart,
        PlanCode::OutsideWindow,
        PlanCode::FridayDeploy,
        PlanCode::HolidayDeploy,
        PlanCode::FreezeConflict,
        PlanCode::MissingServiceName,
        PlanCode::DuplicateService,
        PlanCode::UnknownDependency,
        PlanCode::DependencyCycle,
        PlanCode::MissingHealthCheck,
        PlanCode::AutoAdvanceWithoutGates,
        PlanCode::GateWithoutTrigger,
        PlanCode::EndOfMonthDeploy,
        PlanCode::NoWindow,
        PlanCode::InvalidHoliday,
        PlanCode::InvalidTimeline,
        PlanCode::InvalidRecord,
        PlanCode::InvalidTime,
        PlanCode::MissingColumn,
        PlanCode::TimelineLimit,
        PlanCode::UnknownStage,
        PlanCode::UnknownService,
    ];

    /// The stable slug.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanCode::InvalidYaml => "invalid_yaml",
            PlanCode::YamlLimit => "yaml_limit",
            PlanCode::EmptyPlan => "empty_plan",
            PlanCode::InvalidType => "invalid_type",
            PlanCode::UnknownKey => "unknown_key",
            PlanCode::DuplicateKey => "duplicate_key",
            PlanCode::MissingKey => "missing_key",
            PlanCode::InvalidValue => "invalid_value",
            PlanCode::UnknownStrategy => "unknown_strategy",
            PlanCode::MultipleStrategies => "multiple_strategies",
            PlanCode::NoStages => "no_stages",
            PlanCode::MissingStageName => "missing_stage_name",
            PlanCode::DuplicateStage => "duplicate_stage",
            PlanCode::MetricRedeclared => "metric_redeclared",
            PlanCode::WeightOutOfRange => "weight_out_of_range",
            PlanCode::WeightDecreasing => "weight_decreasing",
            PlanCode::FinalWeightNotFull => "final_weight_not_full",
            PlanCode::CanaryTooLarge => "canary_too_large",
            PlanCode::DurationMissingUnit => "duration_missing_unit",
            PlanCode::InvalidDuration => "invalid_duration",
            PlanCode::DurationNotPositive => "duration_not_positive",
            PlanCode::MissingDuration => "missing_duration",
            PlanCode::GracePeriodTooLong => "grace_period_too_long",
            PlanCode::InvalidGate => "invalid_gate",
            PlanCode::UnknownMetric => "unknown_metric",
            PlanCode::IncompatibleUnit => "incompatible_unit",
            PlanCode::ThresholdOutOfDomain => "threshold_out_of_domain",
            PlanCode::ContradictoryGates => "contradictory_gates",
            PlanCode::GateLooserThanTrigger => "gate_looser_than_trigger",
            PlanCode::HoldBand => "hold_band",
            PlanCode::AutoAdvanceWithApproval => "auto_advance_with_approval",
            PlanCode::HighRiskWithoutApproval => "high_risk_without_approval",
            PlanCode::RollbackDisabledWithTriggers => "rollback_disabled_with_triggers",
            PlanCode::MigrationAutoRollback => "migration_auto_rollback",
            PlanCode::MissingRollback => "missing_rollback",
            PlanCode::MissingTimezone => "missing_timezone",
            PlanCode::UnknownTimezone => "unknown_timezone",
            PlanCode::InvalidWindow => "invalid_window",
            PlanCode::InvalidFreeze => "invalid_freeze",
            PlanCode::InvalidStart => "invalid_start",
            PlanCode::OutsideWindow => "outside_window",
            PlanCode::FridayDeploy => "friday_deploy",
            PlanCode::HolidayDeploy => "holiday_deploy",
            PlanCode::FreezeConflict => "freeze_conflict",
            PlanCode::MissingServiceName => "missing_service_name",
            PlanCode::DuplicateService => "duplicate_service",
            PlanCode::UnknownDependency => "unknown_dependency",
            PlanCode::DependencyCycle => "dependency_cycle",
            PlanCode::MissingHealthCheck => "missing_health_check",
            PlanCode::AutoAdvanceWithoutGates => "auto_advance_without_gates",
            PlanCode::GateWithoutTrigger => "gate_without_trigger",
            PlanCode::EndOfMonthDeploy => "end_of_month_deploy",
            PlanCode::NoWindow => "no_window",
            PlanCode::InvalidHoliday => "invalid_holiday",
            PlanCode::InvalidTimeline => "invalid_timeline",
            PlanCode::InvalidRecord => "invalid_record",
            PlanCode::InvalidTime => "invalid_time",
            PlanCode::MissingColumn => "missing_column",
            PlanCode::TimelineLimit => "timeline_limit",
            PlanCode::UnknownStage => "unknown_stage",
            PlanCode::UnknownService => "unknown_service",
        }
    }
}

impl fmt::Display for PlanCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is no plan diagnostic code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown plan diagnostic code `{0}`")]
pub struct UnknownPlanCode(String);

impl std::str::FromStr for PlanCode {
    type Err = UnknownPlanCode;

    fn from_str(s: &str) -> Result<PlanCode, UnknownPlanCode> {
        PlanCode::ALL
            .into_iter()
            .find(|code| code.as_str() == s)
            .ok_or_else(|| UnknownPlanCode(s.to_owned()))
    }
}
