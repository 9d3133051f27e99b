//! Time spent annotating: the seconds between the analyst's inputs in the
//! window (keys, clicks, scrolling), credited to the document open at the
//! time, except a pause longer than [`IDLE_SECS`] — someone who left for
//! coffee is not annotating. The total is saved with the annotations
//! (`AnnotationSet::active_seconds`) and summed by `attest stats`.

/// A pause longer than this between two inputs is idle time, not work.
pub const IDLE_SECS: f64 = 120.0;

/// When the analyst last gave input, to credit the time since.
#[derive(Clone, Debug, Default)]
pub struct ActivityClock {
    last_input: Option<f64>,
}

impl ActivityClock {
    /// An input at `now` (seconds on any steady clock): the seconds to
    /// credit, those since the last input unless the pause was idle.
    pub fn input(&mut self, now: f64) -> f64 {
        let credited = match self.last_input {
            Some(last) if now >= last && now - last <= IDLE_SECS => now - last,
            _ => 0.0,
        };
        self.last_input = Some(now);
        credited
    }

    /// Forgets the last input: the next one starts a new stretch (another
    /// document was opened, the project closed).
    pub fn pause(&mut self) {
        self.last_input = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_between_inputs_is_counted_and_a_long_pause_is_not() {
        let mut clock = ActivityClock::default();
        let credited: f64 = [0.0, 2.0, 5.0, 65.0, 65.5, 600.0, 601.0]
            .into_iter()
            .map(|t| clock.input(t))
            .sum();
        // 2 + 3 + 60 + 0.5, then 534.5 s idle, then 1.
        assert!((credited - 66.5).abs() < 1e-9, "{credited}");
        clock.pause();
        assert_eq!(clock.input(602.0), 0.0, "a new stretch after a pause");
        assert_eq!(
            clock.input(601.0),
            0.0,
            "a clock going back credits nothing"
        );
    }
}
