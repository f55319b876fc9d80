// Which images a flavor needs and under which tags. Pure: setup builds from it, doctor checks against it.
import { officialImages, type ImageFlavor, type ImageSet } from '../../images.ts';
import { imageRef, officialTaskApiHash, repos, stackHash, taskApiHash, toxiproxyHash } from './recipe.ts';

export type ImageComponent = 'stack' | 'toxiproxy' | 'task-api' | 'postgres' | 'redis' | 'haproxy';

export interface PlannedImage {
  component: ImageComponent;
  /** The roles this image serves, for messages: the stack image serves three. */
  serves: string;
  repo: string;
  ref: string;
  /** Content hash (= tag) for images bench builds; undefined for pulled ones. */
  hash: string | undefined;
  how: 'mmdebstrap+import' | 'go+build' | 'build' | 'pull';
}

export interface ImagePlan {
  flavor: ImageFlavor;
  /** In build order: later images may be FROM earlier ones. */
  images: PlannedImage[];
  set: ImageSet;
}

export interface PlanInput {
  flavor: ImageFlavor;
  /** The bundled task API (its bytes are part of the task-api image's hash). */
  bundle: Uint8Array;
  nodeVersion: string;
  /** targets/task-api/Dockerfile, needed for the official flavor only. */
  officialDockerfile?: Uint8Array;
}

export function planImages(input: PlanInput): ImagePlan {
  return input.flavor === 'local' ? planLocal(input) : planOfficial(input);
}

function planLocal(input: PlanInput): ImagePlan {
  const stack = stackHash();
  const toxiproxy = toxiproxyHash(stack);
  const taskApi = taskApiHash({ stackTagHash: stack, bundle: input.bundle, nodeVersion: input.nodeVersion });
  const stackRef = imageRef(repos.stack, stack);
  const images: PlannedImage[] = [
    { component: 'stack', serves: 'postgres, redis, haproxy', repo: repos.stack, ref: stackRef, hash: stack, how: 'mmdebstrap+import' },
    {
      component: 'toxiproxy',
      serves: 'toxiproxy',
      repo: repos.toxiproxy,
      ref: imageRef(repos.toxiproxy, toxiproxy),
      hash: toxiproxy,
      how: 'go+build',
    },
    {
      component: 'task-api',
      serves: 'task API',
      repo: repos.taskApi,
      ref: imageRef(repos.taskApi, taskApi),
      hash: taskApi,
      how: 'build',
    },
  ];
  return {
    flavor: 'local',
    images,
    set: {
      flavor: 'local',
      postgres: stackRef,
      redis: stackRef,
      haproxy: stackRef,
      toxiproxy: imageRef(repos.toxiproxy, toxiproxy),
      taskApi: imageRef(repos.taskApi, taskApi),
    },
  };
}

function planOfficial(input: PlanInput): ImagePlan {
  if (!input.officialDockerfile) throw new Error('planImages: the official flavor needs targets/task-api/Dockerfile');
  const taskApi = officialTaskApiHash({ dockerfile: input.officialDockerfile, bundle: input.bundle });
  const pulled = (component: 'postgres' | 'redis' | 'haproxy' | 'toxiproxy'): PlannedImage => {
    const ref = officialImages[component];
    return { component, serves: component, repo: ref.slice(0, ref.lastIndexOf(':')), ref, hash: undefined, how: 'pull' };
  };
  const taskApiRef = imageRef(repos.taskApiOfficial, taskApi);
  return {
    flavor: 'official',
    images: [
      pulled('postgres'),
      pulled('redis'),
      pulled('haproxy'),
      pulled('toxiproxy'),
      { component: 'task-api', serves: 'task API', repo: repos.taskApiOfficial, ref: taskApiRef, hash: taskApi, how: 'build' },
    ],
    set: { flavor: 'official', ...officialImages, taskApi: taskApiRef },
  };
}
