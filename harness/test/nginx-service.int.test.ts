// An off-the-shelf server as the system under test: Debian's nginx-light, unmodified, serving a static file
// (targets/examples/nginx-static), its image FROM scratch on a Debian rootfs made by mmdebstrap (no registry). No
// database: the balancer's directions must hold for it as for any service.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExample, expectDeadServerDirections, imageUser, runExample } from './example-runs.ts';

const EXAMPLE = 'targets/examples/nginx-static';

describe('bring your own service: nginx-static (nginx from Debian)', () => {
  beforeAll(() => {
    console.log(`nginx-static build.sh: ${buildExample(EXAMPLE)} ms`);
  });

  it('dead-server: killing a replica fails requests until HAProxy marks it down; faster checks end it sooner', async () => {
    const result = await runExample(`${EXAMPLE}/experiments/dead-server.ts`, 0.5);
    expect(imageUser(result.topology!.service!.image)).toBe('nobody');
    console.log(`nginx-static dead-server: ${JSON.stringify(expectDeadServerDirections(result))}`);
  });
});
