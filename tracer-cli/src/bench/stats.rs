//! Medians and ranges, and the per-mode figures derived from the rounds.

/// The median (mean of the two middle values for an even count); None when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 { v[mid] } else { (v[mid - 1] + v[mid]) / 2.0 })
}

pub fn min(values: &[f64]) -> Option<f64> {
    values.iter().copied().filter(|x| x.is_finite()).min_by(f64::total_cmp)
}

pub fn max(values: &[f64]) -> Option<f64> {
    values.iter().copied().filter(|x| x.is_finite()).max_by(f64::total_cmp)
}

/// Per-round ratios `traced[i] / native[i]`.
pub fn ratios(traced: &[f64], native: &[f64]) -> Vec<f64> {
    traced.iter().zip(native).filter(|(_, n)| **n > 0.0).map(|(t, n)| t / n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_ranges() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        assert_eq!(min(&[3.0, 1.0]), Some(1.0));
        assert_eq!(max(&[3.0, 1.0]), Some(3.0));
        assert_eq!(ratios(&[2.0, 9.0], &[1.0, 3.0]), vec![2.0, 3.0]);
    }
}
