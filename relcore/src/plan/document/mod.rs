//! The plan document: the model, its YAML reader (`parse`: text to a located tree;
//! `build`: tree to model, every structural problem reported) and writer (`write`), the
//! service order, and the Mermaid chart.

pub(super) mod build;
pub(super) mod chart;
pub(super) mod model;
pub(super) mod parse;
pub(super) mod services;
pub(super) mod write;
