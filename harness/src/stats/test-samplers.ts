// Noise models for the simulations in the stats tests, driven by a seeded uniform generator (no Math.random).

/** Standard normal draw (Box-Muller; 1 - u keeps the log away from 0). */
export function normalDraw(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Lognormal with median `scale` and log-sd `sigma` (sigma 0.08 ~ 8% run-to-run spread). */
export function lognormalDraw(random: () => number, scale: number, sigma: number): number {
  return scale * Math.exp(sigma * normalDraw(random));
}

/** Pareto with minimum `scale` and tail index `shape` (shape 1.5: infinite variance; median scale * 2^(1/shape)). */
export function paretoDraw(random: () => number, scale: number, shape: number): number {
  return scale * (1 - random()) ** (-1 / shape);
}

export function sampleOf(count: number, draw: () => number): number[] {
  return Array.from({ length: count }, draw);
}
