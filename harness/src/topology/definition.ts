import type { ParamSpecs, ParamValues } from './params.ts';
import type { ServiceConfig } from './service/service-config.ts';
import type { PlanContext, TopologyPlan } from './plan.ts';
import { limitSupportCpus } from './support-cpus.ts';

/** What an experiment's `topology` field holds for a kind: its parameters, all optional, and service switches. */
export type TopologyConfigOf<K extends string, S extends ParamSpecs> = { kind: K } & Partial<ParamValues<S>> & {
    /** Extra environment for every service replica (the service's switches, e.g. RETRY_ATTEMPTS). */
    serviceEnv?: Record<string, string>;
    /** The system under test; absent: the reference task-api. */
    service?: ServiceConfig;
  };

export interface TopologyDefinition<K extends string = string, S extends ParamSpecs = ParamSpecs> {
  kind: K;
  /** One line for `bench ls`. */
  describe: string;
  params: S;
  plan(config: TopologyConfigOf<K, S>, ctx: PlanContext): Promise<TopologyPlan>;
}

/** Every kind's plan gets the support containers' CPU limits (dbCpus etc.) from its resolved parameters. */
export const defineTopology = <K extends string, S extends ParamSpecs>(definition: TopologyDefinition<K, S>): TopologyDefinition<K, S> => ({
  ...definition,
  plan: async (config, ctx) => limitSupportCpus(await definition.plan(config, ctx)),
});
