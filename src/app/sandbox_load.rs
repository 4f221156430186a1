//! `:load SERVICE xN`, the sandbox's own command: a service's request load times N from now on, so that a
//! learner watches CPU climb, an alarm fire and auto scaling add tasks (and take them away again at x1).

use super::user::Outcome;
use super::{Effect, Flash, FlashLevel, State};
use crate::backend::BackendError;
use crate::model::arn_name;

/// The most a load may be multiplied by: beyond it every service is simply saturated.
const MOST: f64 = 20.0;

/// `xN` (or `N`, `×N`): the factor, from just above 0 to `MOST`.
fn factor(text: &str) -> Result<f64, String> {
    let digits = text.trim_start_matches(['x', 'X', '×', '*']);
    match digits.parse::<f64>() {
        // Hundredths: what the sandbox is told.
        Ok(f) if (0.01..=MOST).contains(&f) => Ok(f),
        _ => Err(format!(
            "\"{text}\" is not a load factor: type x and a number from 0.01 to {MOST}, e.g. :load web x3 (x1 is the usual load)"
        )),
    }
}

pub fn command(state: &mut State, arg: &str) -> Outcome {
    match request(state, arg) {
        Ok(effect) => Outcome::effect(effect),
        Err(why) => {
            state.flash = Some(Flash::new(FlashLevel::Warn, why));
            Outcome::default()
        }
    }
}

fn request(state: &State, arg: &str) -> Result<Effect, String> {
    if !state.session.info.simulated {
        return Err(":load is the sandbox's: it changes the simulated load of wharf --demo, not an account's".into());
    }
    let words: Vec<&str> = arg.split_whitespace().collect();
    let screen = state.screen().spec();
    let in_sight = screen.service_arn().map(|arn| arn_name(arn).to_string());
    let (service, factor_text) = match words.as_slice() {
        [service, f] => (service.to_string(), *f),
        [f] => (
            in_sight.ok_or("name the service: :load SERVICE xN (e.g. :load web x3)")?,
            *f,
        ),
        _ => return Err("type :load SERVICE xN, e.g. :load web x3 (x1 puts it back)".into()),
    };
    let cluster_arn = screen
        .cluster_arn()
        .ok_or("open the service's cluster first: :load works on the cluster in sight")?
        .to_string();
    let f = factor(factor_text)?;
    Ok(Effect::SetLoad {
        cluster_arn,
        service,
        percent: (f * 100.0).round() as u32,
    })
}

pub fn answered(state: &mut State, service: &str, percent: u32, result: Result<(), BackendError>) {
    let times = f64::from(percent) / 100.0;
    state.flash = Some(match result {
        Ok(()) => Flash::new(
            FlashLevel::Info,
            format!(
                "{service}: load x{times} from now; CPU follows within a minute (m shows it), and auto scaling acts on 3 minutes above its target"
            ),
        ),
        Err(e) => Flash::new(FlashLevel::Warn, format!("load of {service} not changed: {e}")),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_are_x_and_a_number() {
        assert_eq!(factor("x3"), Ok(3.0));
        assert_eq!(factor("0.5"), Ok(0.5));
        assert_eq!(factor("×2"), Ok(2.0));
        for bad in ["x0", "x0.004", "x-1", "xx", "x21", "three", "xNaN", "xinf"] {
            assert!(factor(bad).is_err(), "{bad}");
        }
    }
}
