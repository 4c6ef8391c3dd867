//! The numbers behind the actuarial report: random draws (`rand_distr`'s
//! samplers on a seeded ChaCha8 generator, so a run is reproducible from its
//! seed on every platform), the normal distribution, a one-factor Gaussian
//! copula for correlated losses, and the summaries (mean, percentiles,
//! quantile intervals, Wilson intervals, value-at-risk and expected
//! shortfall) the report prints.

use std::f64::consts::PI;

use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Pareto, Poisson, StandardNormal};

/// The generator of a path: ChaCha8 is portable and documented to give the
/// same stream for the same seed in every release of `rand_chacha` 0.3.
pub type PathRng = rand_chacha::ChaCha8Rng;

/// The generator for `seed`.
pub fn rng(seed: u64) -> PathRng {
    PathRng::seed_from_u64(seed)
}

/// True with probability `p`; `p <= 0` (or NaN) is never, `p >= 1` always.
pub fn bernoulli(rng: &mut impl Rng, p: f64) -> bool {
    if p >= 1.0 {
        true
    } else if p > 0.0 {
        rng.gen_bool(p)
    } else {
        false
    }
}

/// A standard normal draw.
pub fn standard_normal(rng: &mut impl Rng) -> f64 {
    rng.sample(StandardNormal)
}

/// Pareto type I draw: minimum `scale`, tail index `alpha`, so that
/// `P(X > x) = (scale / x)^alpha` for `x >= scale`.
///
/// The mean is finite only for `alpha > 1` and the variance only for
/// `alpha > 2`: heavy tails are the point of using it for severities.
///
/// # Panics
/// If `scale` or `alpha` is not a positive finite number.
pub fn pareto(rng: &mut impl Rng, scale: f64, alpha: f64) -> f64 {
    assert!(
        scale.is_finite() && scale > 0.0 && alpha.is_finite() && alpha > 0.0,
        "pareto needs a positive scale and tail index, got scale {scale} alpha {alpha}"
    );
    Pareto::new(scale, alpha)
        .expect("checked parameters")
        .sample(rng)
}

/// Poisson draw with the given mean (claim counts per period). A mean that
/// is zero, negative or NaN gives 0.
///
/// # Panics
/// If the mean is infinite.
pub fn poisson(rng: &mut impl Rng, mean: f64) -> u64 {
    assert!(mean != f64::INFINITY, "poisson mean must be finite");
    if mean > 0.0 {
        Poisson::new(mean).expect("a positive mean").sample(rng) as u64
    } else {
        0
    }
}

/// Uniform in `lo..=hi`.
pub fn uniform<T>(rng: &mut impl Rng, lo: T, hi: T) -> T
where
    T: rand::distributions::uniform::SampleUniform + PartialOrd,
{
    rng.gen_range(lo..=hi)
}

/// Standard normal distribution function `P(Z <= x)`.
///
/// W. J. Cody's rational Chebyshev approximations (as in R's `pnorm`),
/// accurate to about 1e-15 relative, including deep in the lower tail, which
/// is what lets [`normal_quantile`] refine its answer to full precision.
pub fn normal_cdf(x: f64) -> f64 {
    normal_tails(x).0
}

/// `(P(Z <= x), P(Z > x))`, each computed without cancellation.
fn normal_tails(x: f64) -> (f64, f64) {
    const A: [f64; 5] = [
        2.235_252_035_460_683_9,
        161.028_231_068_555_88,
        1_067.689_485_460_371,
        18_154.981_253_343_56,
        0.065_682_337_918_207_45,
    ];
    const B: [f64; 4] = [
        47.202_581_904_688_24,
        976.098_551_737_776_7,
        10_260.932_208_618_978,
        45_507.789_335_026_73,
    ];
    const C: [f64; 9] = [
        0.398_941_512_088_134_66,
        8.883_149_794_388_376,
        93.506_656_132_177_86,
        597.270_276_394_800_3,
        2_494.537_585_290_372_7,
        6_848.190_450_536_282,
        11_602.651_437_647_35,
        9_842.714_838_383_978,
        1.076_557_677_372_019_2e-8,
    ];
    const D: [f64; 8] = [
        22.266_688_044_328_116,
        235.387_901_782_625,
        1_519.377_599_407_554_8,
        6_485.558_298_266_761,
        18_615.571_640_885_098,
        34_900.952_721_145_98,
        38_912.003_286_093_27,
        19_685.429_676_859_99,
    ];
    const P: [f64; 6] = [
        0.215_898_534_057_957,
        0.127_401_161_160_247_36,
        0.022_235_277_870_649_807,
        0.001_421_619_193_227_893_5,
        2.911_287_495_116_879_2e-5,
        0.023_073_441_764_940_173,
    ];
    const Q: [f64; 5] = [
        1.284_260_096_144_911,
        0.468_238_212_480_865_1,
        0.065_988_137_868_928_55,
        0.003_782_396_332_027_582_4,
        7.297_515_550_839_662e-5,
    ];
    /// 1 / sqrt(2π).
    const FRAC_1_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
    /// Beyond this the upper tail underflows to zero.
    const TAIL_LIMIT: f64 = 37.5193;

    if x.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    let y = x.abs();
    if y <= 0.674_489_75 {
        // Central region: Φ(x) - 1/2 directly.
        let xsq = x * x;
        let mut num = A[4] * xsq;
        let mut den = xsq;
        for i in 0..3 {
            num = (num + A[i]) * xsq;
            den = (den + B[i]) * xsq;
        }
        let half_width = x * (num + A[3]) / (den + B[3]);
        return (0.5 + half_width, 0.5 - half_width);
    }
    // Otherwise compute the small tail P(Z > y) and mirror it.
    let tail = if y <= 32f64.sqrt() {
        let mut num = C[8] * y;
        let mut den = y;
        for i in 0..7 {
            num = (num + C[i]) * y;
            den = (den + D[i]) * y;
        }
        gaussian_factor(y) * (num + C[7]) / (den + D[7])
    } else if y < TAIL_LIMIT {
        let inv_sq = 1.0 / (y * y);
        let mut num = P[5] * inv_sq;
        let mut den = inv_sq;
        for i in 0..4 {
            num = (num + P[i]) * inv_sq;
            den = (den + Q[i]) * inv_sq;
        }
        let ratio = inv_sq * (num + P[4]) / (den + Q[4]);
        gaussian_factor(y) * (FRAC_1_SQRT_2PI - ratio) / y
    } else {
        0.0
    };
    if x > 0.0 {
        (1.0 - tail, tail)
    } else {
        (tail, 1.0 - tail)
    }
}

/// `exp(-y²/2)`, split as Cody does so that the rounding of `y²` does not
/// cost relative accuracy in the far tail.
fn gaussian_factor(y: f64) -> f64 {
    let head = (y * 16.0).trunc() / 16.0;
    let rest = (y - head) * (y + head);
    (-head * head * 0.5).exp() * (-rest * 0.5).exp()
}

/// Standard normal quantile `Φ⁻¹(p)`: Acklam's rational approximation
/// (relative error below 1.2e-9) polished by one Halley step against
/// [`normal_cdf`], which brings it to near machine precision.
///
/// Defined for `p` in (0, 1); `p = 0` gives -∞, `p = 1` gives +∞, and
/// anything else outside [0, 1] (or NaN) gives NaN.
pub fn normal_quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    // Work in the lower half, where `normal_cdf` has full relative precision
    // and `1 - p` is exact (Sterbenz) for the upper half.
    if p > 0.5 {
        -lower_quantile(1.0 - p)
    } else {
        lower_quantile(p)
    }
}

/// `Φ⁻¹(p)` for `p` in (0, 0.5].
fn lower_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;

    let x = if p < P_LOW {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    // Halley's step on f(x) = Φ(x) - p. For the tiniest p the density factor
    // overflows; Acklam's answer is already as good as it gets there.
    let error = normal_cdf(x) - p;
    let step = error * (2.0 * PI).sqrt() * (0.5 * x * x).exp();
    if step.is_finite() {
        x - step / (1.0 + 0.5 * x * step)
    } else {
        x
    }
}

/// Probability that an event with a yearly Poisson frequency `annual_frequency`
/// happens at least once in `period_days`: `1 - exp(-λ·days/365)`.
///
/// Computed with `exp_m1` so that rare events keep their precision.
pub fn per_period_probability(annual_frequency: f64, period_days: f64) -> f64 {
    -(-annual_frequency * period_days / 365.0).exp_m1()
}

/// One-factor Gaussian copula: correlated yes/no events (say, which covered
/// protocols fail this period) with given marginal probabilities.
///
/// Each call draws one common factor `M ~ N(0, 1)` (the market) and, per event
/// `i`, an idiosyncratic `e_i ~ N(0, 1)`; event `i` fires iff
/// `sqrt(rho)·M + sqrt(1 - rho)·e_i < Φ⁻¹(p_i)`. Each `Z_i` is standard
/// normal, so the marginals are exactly `p_i`, while `rho` (the correlation
/// of any two `Z`) makes events cluster: with `rho > 0` they fire together
/// more often than independent events would.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OneFactor {
    rho: f64,
}

impl OneFactor {
    /// # Panics
    /// If `rho` is not in [0, 1): at 1 the events would be fully comonotone
    /// and the idiosyncratic part would vanish.
    pub fn new(rho: f64) -> Self {
        assert!(
            (0.0..1.0).contains(&rho),
            "copula correlation must be in [0, 1), got {rho}"
        );
        OneFactor { rho }
    }

    /// The asset correlation this copula was built with.
    pub fn rho(&self) -> f64 {
        self.rho
    }

    /// Which events fire this period, one flag per entry of `probabilities`.
    ///
    /// `p <= 0` (or NaN) never fires and `p >= 1` always does. One normal is
    /// drawn per event whatever its probability, so the stream consumed
    /// depends only on the number of events: changing one probability does
    /// not reshuffle the draws of the others.
    pub fn draw(&self, rng: &mut impl Rng, probabilities: &[f64]) -> Vec<bool> {
        let market = standard_normal(rng);
        let loading = self.rho.sqrt();
        let own = (1.0 - self.rho).sqrt();
        probabilities
            .iter()
            .map(|&p| {
                let z = loading * market + own * standard_normal(rng);
                if p >= 1.0 {
                    true
                } else if p > 0.0 {
                    z < normal_quantile(p)
                } else {
                    false
                }
            })
            .collect()
    }
}

/// Probability that two events of the one-factor copula with correlation
/// `rho` and marginal probabilities `pa` and `pb` fire in the same draw:
/// `∫ φ(m) Φ((a - √ρ m)/√(1-ρ)) Φ((b - √ρ m)/√(1-ρ)) dm` with `a = Φ⁻¹(pa)`,
/// `b = Φ⁻¹(pb)` (Simpson's rule over ±10 standard deviations).
pub fn joint_probability(pa: f64, pb: f64, rho: f64) -> f64 {
    if !(pa > 0.0 && pb > 0.0) {
        return 0.0;
    }
    let (a, b) = (normal_quantile(pa.min(1.0)), normal_quantile(pb.min(1.0)));
    let (load, own) = (rho.sqrt(), (1.0 - rho).sqrt());
    let f = |m: f64| {
        let density = (-0.5 * m * m).exp() / (2.0 * PI).sqrt();
        density * normal_cdf((a - load * m) / own) * normal_cdf((b - load * m) / own)
    };
    const STEPS: usize = 4_000;
    let (lo, hi) = (-10.0, 10.0);
    let h = (hi - lo) / STEPS as f64;
    let mut sum = f(lo) + f(hi);
    for i in 1..STEPS {
        let weight = if i % 2 == 1 { 4.0 } else { 2.0 };
        sum += weight * f(lo + i as f64 * h);
    }
    sum * h / 3.0
}

/// Percentiles by linear interpolation between closest ranks (Hyndman and
/// Fan's type 7, the default of R and NumPy): for `n` sorted values, `q`
/// sits at rank `(n - 1)·q`.
///
/// The input is copied and sorted with `f64::total_cmp`; it is assumed free
/// of NaN (a NaN would sort to an end and be reported as a percentile).
/// Infinities are kept: `+∞` sorts last, so a blown-up run shows in the top
/// percentiles instead of vanishing. An empty input gives NaN for every `q`.
///
/// # Panics
/// If a `q` is outside [0, 1].
pub fn percentiles(values: &[f64], qs: &[f64]) -> Vec<f64> {
    for &q in qs {
        assert!((0.0..=1.0).contains(&q), "percentile {q} is outside [0, 1]");
    }
    if values.is_empty() {
        return vec![f64::NAN; qs.len()];
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let last = sorted.len() - 1;
    qs.iter()
        .map(|&q| {
            let rank = last as f64 * q;
            let below = (rank.floor() as usize).min(last);
            let above = (below + 1).min(last);
            let fraction = rank - below as f64;
            let (low, high) = (sorted[below], sorted[above]);
            // Both guards keep infinities from turning into NaN (0·∞, ∞ - ∞).
            if fraction == 0.0 || low == high {
                low
            } else {
                low + fraction * (high - low)
            }
        })
        .collect()
}

/// The `q` quantile of `values` (type 7, as [`percentiles`]) with a
/// distribution-free interval: the order statistics whose ranks bound, at
/// confidence `z`, how many values fall below the true quantile (a binomial
/// count, normal approximation). `(value, low, high)`; the high end is
/// infinite when the sample is too small to bound it. Empty: NaN.
pub fn quantile_interval(values: &[f64], q: f64, z: f64) -> (f64, f64, f64) {
    if values.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len() as f64;
    let value = percentiles(&sorted, &[q])[0];
    let spread = z * (n * q * (1.0 - q)).sqrt();
    // 1-based ranks (Conover, Practical Nonparametric Statistics, 3.2).
    let low_rank = (n * q - spread).round().max(1.0) as usize;
    let high_rank = (1.0 + n * q + spread).round() as usize;
    let low = sorted[low_rank.min(sorted.len()) - 1];
    let high = sorted.get(high_rank - 1).copied().unwrap_or(f64::INFINITY);
    (value, low.min(value), high.max(value))
}

/// Expected shortfall at level `q`: the mean of the `ceil(n·(1 - q))`
/// largest values (at least one). Empty: NaN.
pub fn tail_mean(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    // `1 - q` is inexact (0.005 is 0.005000000000000004): a hair below
    // the next integer is that integer.
    let k = ((sorted.len() as f64 * (1.0 - q) - 1e-9).ceil() as usize).clamp(1, sorted.len());
    mean(&sorted[sorted.len() - k..])
}

/// Wilson score interval for a binomial proportion (`z = 1.96` for 95 %).
///
/// Unlike the textbook `p ± z·sqrt(p(1-p)/n)` it stays inside [0, 1] and does
/// not collapse to a point at 0 or `n` successes, which is exactly where ruin
/// probabilities live. No trials give the uninformative (0, 1).
///
/// # Panics
/// If `successes > trials`.
pub fn wilson_interval(successes: u64, trials: u64, z: f64) -> (f64, f64) {
    assert!(
        successes <= trials,
        "{successes} successes out of {trials} trials"
    );
    if trials == 0 {
        return (0.0, 1.0);
    }
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half_width = z / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    (
        (centre - half_width).max(0.0),
        (centre + half_width).min(1.0),
    )
}

/// Arithmetic mean; NaN for an empty slice.
pub fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.iter().sum::<f64>() / values.len() as f64
}

#[cfg(test)]
mod tests {
    use std::f64::consts::SQRT_2;

    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
        (actual - expected).abs() <= tolerance
    }

    fn relative(actual: f64, expected: f64) -> f64 {
        ((actual - expected) / expected).abs()
    }

    #[test]
    fn draws_are_deterministic() {
        let run = |seed| {
            let mut rng = rng(seed);
            let mut out = vec![
                standard_normal(&mut rng),
                pareto(&mut rng, 10.0, 1.5),
                poisson(&mut rng, 4.0) as f64,
                f64::from(u8::from(bernoulli(&mut rng, 0.5))),
                uniform(&mut rng, 1u64, 6) as f64,
            ];
            let copula = OneFactor::new(0.2).draw(&mut rng, &[0.1, 0.5, 0.9]);
            out.extend(copula.into_iter().map(|b| f64::from(u8::from(b))));
            out
        };
        let bits = |v: Vec<f64>| v.into_iter().map(f64::to_bits).collect::<Vec<_>>();
        assert_eq!(bits(run(42)), bits(run(42)));
        assert_ne!(bits(run(42)), bits(run(43)));
    }

    #[test]
    fn uniform_covers_its_range() {
        let mut rng = rng(1);
        let draws: Vec<u64> = (0..60_000).map(|_| uniform(&mut rng, 1, 6)).collect();
        assert!(draws.iter().all(|d| (1..=6).contains(d)));
        for face in 1..=6 {
            let share = draws.iter().filter(|&&d| d == face).count() as f64 / 6e4;
            assert!(close(share, 1.0 / 6.0, 0.01), "{face}: {share}");
        }
    }

    #[test]
    fn bernoulli_edges_and_rate() {
        let mut rng = rng(2);
        assert!((0..1_000).all(|_| !bernoulli(&mut rng, 0.0)));
        assert!((0..1_000).all(|_| bernoulli(&mut rng, 1.0)));
        assert!((0..1_000).all(|_| !bernoulli(&mut rng, f64::NAN)));
        let hits = (0..100_000).filter(|_| bernoulli(&mut rng, 0.3)).count();
        assert!(close(hits as f64 / 1e5, 0.3, 0.005));
    }

    #[test]
    fn standard_normal_moments() {
        let mut rng = rng(3);
        let draws: Vec<f64> = (0..200_000).map(|_| standard_normal(&mut rng)).collect();
        let m = mean(&draws);
        let variance = draws.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / draws.len() as f64;
        assert!(close(m, 0.0, 0.01), "mean {m}");
        assert!(close(variance, 1.0, 0.02), "variance {variance}");
        let beyond = draws.iter().filter(|x| x.abs() > 1.96).count() as f64 / 2e5;
        assert!(close(beyond, 0.05, 0.003), "two-sided 5 % tail {beyond}");
    }

    #[test]
    fn pareto_minimum_and_tail() {
        let mut rng = rng(4);
        let (scale, alpha) = (1_000.0, 2.0);
        let draws: Vec<f64> = (0..200_000)
            .map(|_| pareto(&mut rng, scale, alpha))
            .collect();
        assert!(draws.iter().all(|&x| x >= scale));
        let tail = |k: f64| draws.iter().filter(|&&x| x > k * scale).count() as f64 / 2e5;
        // P(X > k·scale) = k^-alpha.
        assert!(close(tail(2.0), 0.25, 0.005), "{}", tail(2.0));
        assert!(close(tail(10.0), 0.01, 0.001), "{}", tail(10.0));
        // alpha = 2: mean = alpha·scale/(alpha - 1) = 2 000 (slow to converge).
        assert!(close(mean(&draws), 2_000.0, 60.0), "{}", mean(&draws));
    }

    #[test]
    #[should_panic(expected = "positive scale")]
    fn pareto_rejects_bad_parameters() {
        pareto(&mut rng(0), 1.0, 0.0);
    }

    #[test]
    fn poisson_mean_and_variance() {
        let mut rng = rng(5);
        for expected in [0.3, 3.5, 20.0, 120.0] {
            let draws: Vec<f64> = (0..50_000)
                .map(|_| poisson(&mut rng, expected) as f64)
                .collect();
            let m = mean(&draws);
            let variance =
                draws.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / draws.len() as f64;
            let tolerance = 0.02 * expected.max(1.0);
            assert!(close(m, expected, tolerance), "mean {m} for {expected}");
            assert!(
                close(variance, expected, 4.0 * tolerance),
                "variance {variance} for {expected}"
            );
        }
        assert_eq!(poisson(&mut rng, 0.0), 0);
        assert_eq!(poisson(&mut rng, -1.0), 0);
        assert_eq!(poisson(&mut rng, f64::NAN), 0);
    }

    #[test]
    fn normal_cdf_known_values() {
        assert_eq!(normal_cdf(0.0), 0.5);
        assert!(close(normal_cdf(1.96), 0.975_002_104_851_779_5, 1e-12));
        assert!(close(normal_cdf(-1.0), 0.158_655_253_931_457_05, 1e-12));
        assert!(close(normal_cdf(3.0), 0.998_650_101_968_369_9, 1e-12));
        // Far tails keep their relative precision.
        assert!(relative(normal_cdf(-8.0), 6.220_960_574_271_785e-16) < 1e-9);
        assert!(relative(normal_cdf(-20.0), 2.753_624_118_606_233_6e-89) < 1e-9);
        assert_eq!(normal_cdf(f64::NEG_INFINITY), 0.0);
        assert_eq!(normal_cdf(f64::INFINITY), 1.0);
        assert!(normal_cdf(f64::NAN).is_nan());
        // Agrees with the erfc identity at a few points of each branch.
        for x in [-6.0, -3.3, -0.6, 0.2, 0.7, 2.5, 5.9] {
            let mirrored = normal_cdf(x) + normal_cdf(-x);
            assert!(close(mirrored, 1.0, 1e-15), "symmetry at {x}");
        }
        assert!(close(normal_cdf(SQRT_2), 0.921_350_396_474_857_6, 1e-12));
    }

    #[test]
    fn normal_quantile_known_values_and_round_trip() {
        assert_eq!(normal_quantile(0.5), 0.0);
        assert!(close(normal_quantile(0.975), 1.959_963_984_540_054, 1e-12));
        assert!(close(normal_quantile(0.025), -1.959_963_984_540_054, 1e-12));
        assert!(close(normal_quantile(0.99), 2.326_347_874_040_841, 1e-12));
        assert!(relative(normal_quantile(1e-10), -6.361_340_902_404_056) < 1e-12);
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(normal_quantile(1.0), f64::INFINITY);
        assert!(normal_quantile(1.5).is_nan());
        assert!(normal_quantile(f64::NAN).is_nan());
        for p in [
            1e-300, 1e-12, 1e-4, 0.02, 0.02425, 0.1, 0.3, 0.7, 0.9, 0.999,
        ] {
            let back = normal_cdf(normal_quantile(p));
            assert!(relative(back, p) < 1e-12, "p {p} came back as {back}");
        }
        for x in [-7.5, -2.0, -0.3, 0.0, 0.4, 1.0, 3.0, 5.0] {
            let back = normal_quantile(normal_cdf(x));
            assert!(close(back, x, 1e-9), "x {x} came back as {back}");
        }
    }

    #[test]
    fn per_period_probability_values() {
        assert_eq!(per_period_probability(0.0, 30.0), 0.0);
        assert!(close(
            per_period_probability(1.0, 365.0),
            1.0 - (-1.0f64).exp(),
            1e-15
        ));
        // Rare events: about λ·days/365, without cancellation.
        let tiny = per_period_probability(1e-9, 1.0);
        assert!(relative(tiny, 1e-9 / 365.0) < 1e-8);
        // Twelve months of a monthly probability compound to the annual one.
        let monthly = per_period_probability(0.5, 365.0 / 12.0);
        let annual = 1.0 - (1.0 - monthly).powi(12);
        assert!(close(annual, per_period_probability(0.5, 365.0), 1e-12));
    }

    #[test]
    fn copula_marginals_and_clustering() {
        let probabilities = [0.05, 0.2, 0.5, 0.0, 1.0];
        let draws = 100_000;
        let count = |rho: f64| {
            let copula = OneFactor::new(rho);
            let mut rng = rng(6);
            let mut fired = [0u32; 5];
            let mut both = 0u32;
            for _ in 0..draws {
                let flags = copula.draw(&mut rng, &probabilities);
                assert_eq!(flags.len(), probabilities.len());
                for (total, &flag) in fired.iter_mut().zip(&flags) {
                    *total += u32::from(flag);
                }
                both += u32::from(flags[0] && flags[1]);
            }
            let rates = fired.map(|n| f64::from(n) / f64::from(draws));
            (rates, f64::from(both) / f64::from(draws))
        };

        let (free_rates, joint_free) = count(0.0);
        let (correlated_rates, joint_correlated) = count(0.3);
        for rates in [free_rates, correlated_rates] {
            for (rate, p) in rates.iter().zip(probabilities) {
                assert!(close(*rate, p, 0.006), "rate {rate} for {p}");
            }
            assert_eq!(rates[3], 0.0);
            assert_eq!(rates[4], 1.0);
        }
        let independent = 0.05 * 0.2;
        assert!(close(joint_free, independent, 0.002), "{joint_free}");
        assert!(
            joint_correlated > 1.5 * independent,
            "joint {joint_correlated} vs independent {independent}"
        );
    }

    #[test]
    fn joint_probability_matches_independence_and_the_simulated_copula() {
        // rho = 0: the product of the marginals.
        assert!(relative(joint_probability(0.05, 0.2, 0.0), 0.01) < 1e-6);
        // Against the copula's own draws.
        let copula = OneFactor::new(0.5);
        let mut rng = rng(8);
        let n = 400_000;
        let both = (0..n)
            .filter(|_| {
                let f = copula.draw(&mut rng, &[0.05, 0.1]);
                f[0] && f[1]
            })
            .count() as f64
            / f64::from(n);
        let exact = joint_probability(0.05, 0.1, 0.5);
        assert!(close(both, exact, 0.0015), "{both} vs {exact}");
        assert!(exact > 0.05 * 0.1 * 2.0);
        assert_eq!(joint_probability(0.0, 0.5, 0.3), 0.0);
    }

    #[test]
    #[should_panic(expected = "[0, 1)")]
    fn copula_rejects_full_correlation() {
        OneFactor::new(1.0);
    }

    #[test]
    fn percentiles_type_7() {
        let values = [5.0, 1.0, 4.0, 2.0, 3.0];
        let qs = [0.0, 0.25, 0.5, 0.9, 1.0];
        assert_eq!(percentiles(&values, &qs), vec![1.0, 2.0, 3.0, 4.6, 5.0]);
        assert_eq!(percentiles(&[7.0], &[0.0, 0.5, 1.0]), vec![7.0; 3]);
        assert_eq!(percentiles(&[1.0, 2.0], &[0.5]), vec![1.5]);
        let with_inf = [1.0, 2.0, 3.0, f64::INFINITY];
        let got = percentiles(&with_inf, &[0.0, 2.0 / 3.0, 0.9, 1.0]);
        assert_eq!(got, vec![1.0, 3.0, f64::INFINITY, f64::INFINITY]);
        let empty = percentiles(&[], &[0.1, 0.5]);
        assert_eq!(empty.len(), 2);
        assert!(empty.iter().all(|v| v.is_nan()));
        assert!(percentiles(&values, &[]).is_empty());
    }

    #[test]
    #[should_panic(expected = "outside [0, 1]")]
    fn percentiles_reject_out_of_range_q() {
        percentiles(&[1.0], &[1.5]);
    }

    #[test]
    fn wilson_known_figures() {
        let z = 1.96;
        let (low, high) = wilson_interval(0, 20, z);
        assert_eq!(low, 0.0);
        assert!(close(high, 0.161_13, 1e-4), "{high}");
        let (low, high) = wilson_interval(10, 20, z);
        assert!(close(low, 0.299_29, 1e-4), "{low}");
        assert!(close(high, 0.700_71, 1e-4), "{high}");
        let (low, high) = wilson_interval(20, 20, z);
        assert!(close(low, 0.838_87, 1e-4), "{low}");
        assert_eq!(high, 1.0);
        assert_eq!(wilson_interval(0, 0, z), (0.0, 1.0));
    }

    #[test]
    fn value_at_risk_and_expected_shortfall_on_known_inputs() {
        let values: Vec<f64> = (1..=1_000).map(f64::from).collect();
        let (var, low, high) = quantile_interval(&values, 0.995, 1.96);
        // Type 7: rank 999·0.995 = 994.005 (0-based) between 995 and 996.
        assert!(close(var, 995.005, 1e-9), "{var}");
        // n·q = 995, spread 1.96·sqrt(4.975) = 4.37: ranks 991 and 1000.
        assert_eq!((low, high), (991.0, 1_000.0));
        // The worst 0.5 %: the 5 largest values.
        assert_eq!(tail_mean(&values, 0.995), 998.0);
        // Shuffled input gives the same figures.
        let mut shuffled = values.clone();
        shuffled.reverse();
        assert_eq!(quantile_interval(&shuffled, 0.995, 1.96).0, var);
        // Mostly zeros, a heavy tail: VaR sits in the tail, ES beyond it.
        let mut losses = vec![0.0; 990];
        losses.extend((1..=10).map(|i| f64::from(i) * 100.0));
        let (var, _, high) = quantile_interval(&losses, 0.995, 1.96);
        assert!(close(var, 500.5, 1e-9), "{var}");
        assert_eq!(tail_mean(&losses, 0.995), 800.0);
        assert!(high >= var);
        // Too few values to bound the upper end.
        let (_, _, high) = quantile_interval(&[1.0, 2.0, 3.0], 0.995, 1.96);
        assert_eq!(high, f64::INFINITY);
        assert!(quantile_interval(&[], 0.5, 1.96).0.is_nan());
        assert!(tail_mean(&[], 0.5).is_nan());
        assert_eq!(tail_mean(&[4.0], 0.995), 4.0);
    }

    #[test]
    fn mean_values() {
        assert!(mean(&[]).is_nan());
        assert_eq!(mean(&[1.0, 2.0, 3.0, 4.0]), 2.5);
    }
}
