import type * as Catalogue from '@/lib/embed/messages';
import type { EmbedMessage } from '@/lib/embed/messages';

/** The embed message catalogue (lib/embed/messages), loaded only by a journey that is embedded. */
export type EmbedCatalogue = typeof Catalogue;

/** Makes the messages to post from the catalogue, once it is loaded. */
export type ComposeMessages = (catalogue: EmbedCatalogue) => readonly EmbedMessage[];

/** Tells the page that embeds the journey (its parent frame or opener) how it goes. */
export interface EmbedPort {
  /**
   * Posts the messages `compose` makes, after every message posted before them. Resolves once they
   * are posted, or at once when there is no one to tell; never rejects.
   */
  post(compose: ComposeMessages): Promise<void>;
  /** Records the step the person is on, for an Escape pressed inside the frame. */
  setStep(step: string): void;
  step(): string | null;
  /** Loads the catalogue now when a page embeds this journey, so the first message is not kept waiting. */
  prepare(): void;
}

interface Target {
  postMessage(message: unknown, targetOrigin: string): void;
}

export interface EmbedPortDeps {
  /** The embedding window: the parent frame, else the opener; null for a journey on its own. */
  embedder(): Target | null;
  load(): Promise<EmbedCatalogue>;
}

const settled = Promise.resolve();

/** A port for a journey with no allowed origins: it tells no one. */
export const DETACHED: EmbedPort = {
  post: () => settled,
  setStep() {},
  step: () => null,
  prepare() {},
};

/**
 * A port that posts only to the app's exact origins (the browser delivers a message only when the
 * embedder's origin is the one named), never `*`. A journey on its own never loads the catalogue,
 * so its first step carries none of these bytes.
 */
export function createEmbedPort(origins: readonly string[], deps: EmbedPortDeps): EmbedPort {
  if (origins.length === 0) return DETACHED;
  let current: string | null = null;
  let catalogue: Promise<EmbedCatalogue | null> | undefined;
  // Every post waits for the same load, so messages leave in the order they were posted.
  const load = () =>
    (catalogue ??= deps.load().then(
      (loaded) => loaded,
      () => null,
    ));
  return {
    post(compose) {
      const target = deps.embedder();
      if (!target) return settled;
      return load().then((loaded) => {
        if (!loaded) return;
        for (const message of compose(loaded)) {
          for (const origin of origins) {
            target.postMessage({ source: loaded.EMBED_SOURCE, ...message }, origin);
          }
        }
      });
    },
    setStep(step) {
      current = step;
    },
    step: () => current,
    prepare() {
      if (deps.embedder()) void load();
    },
  };
}
