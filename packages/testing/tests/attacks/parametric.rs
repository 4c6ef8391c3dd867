//! Attacks on parametric cover: incidents, triggers, reports.
