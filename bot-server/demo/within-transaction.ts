import type { DataSource, EntityManager } from 'typeorm';

/**
 * A DataSource stand-in that runs every transaction a service opens inside the seed's own: the demo data is written
 * through the services (so every row is what they would write, audit included) and still all-or-nothing.
 */
export function withinTransaction(manager: EntityManager): () => DataSource {
  const within = {
    transaction: (work: (m: EntityManager) => Promise<unknown>) => work(manager),
    manager,
    getRepository: manager.getRepository.bind(manager),
  };
  return () => within as unknown as DataSource;
}
