/**
 * The generation of the Customer App cache (./app-cache.ts): bumping it drops every entry. Its own
 * file so that the modules that change customers and apps can invalidate without importing the
 * cache, which reads apps through them.
 */
let generation = 0;

/** Drops every cached app: call after changing a customer or an app. */
export function invalidateCustomerApps(): void {
  generation += 1;
}

export function appCacheGeneration(): number {
  return generation;
}
