import Docker from 'dockerode';

/** A dockerode client for DOCKER_HOST when set, else the default socket. */
export function createDockerClient(): Docker {
  // dockerode reads DOCKER_HOST / DOCKER_CERT_PATH itself when given no options.
  return new Docker();
}

export type { Docker };
