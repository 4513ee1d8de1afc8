import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { EmbedBridge } from '@/components/journey/embed-bridge';
import { EMBED_ORIGINS_HEADER, parseFrameAncestors } from '@/lib/security/headers';

/**
 * Journey pages, embeddable by their app (see docs/embedding.md). The custom server stamps the
 * origins this journey may post to; the inline script says OPEN as soon as the page is parsed, before
 * any bundle has loaded, so the embedder knows framing worked even on a slow phone.
 */
export default async function JourneyLayout({ children }: { children: ReactNode }) {
  const h = await headers();
  const origins = parseFrameAncestors(h.get(EMBED_ORIGINS_HEADER));
  const nonce = h.get('x-nonce') ?? undefined;
  const open =
    origins.length === 0
      ? null
      : `(function(o){var t=window.parent!==window?window.parent:window.opener;if(!t)return;` +
        `for(var i=0;i<o.length;i++)t.postMessage({source:"amps-link",type:"EVENT",event:"OPEN",metadata:{}},o[i])})(` +
        `${JSON.stringify(origins).replace(/</g, '\\u003c')})`;
  return (
    <EmbedBridge origins={origins}>
      {open ? <script nonce={nonce} dangerouslySetInnerHTML={{ __html: open }} /> : null}
      {children}
    </EmbedBridge>
  );
}
