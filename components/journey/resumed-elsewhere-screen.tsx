import type { Branding, ResumedElsewhereCopy } from '@/lib/journey/views';
import { JourneyFrame } from './journey-frame';
import { ReturnLink } from './return-link';

export interface ResumedElsewhereScreenProps {
  branding: Branding;
  /** What the screen says, in the journey's language (built on the server). */
  copy: ResumedElsewhereCopy;
  exitUrl: string;
}

/**
 * A reload (or a reused address) of a journey past its sign-in, or over: nothing continues from an
 * address alone, so say what is happening and offer the way back to the app.
 */
export function ResumedElsewhereScreen({ branding, copy, exitUrl }: ResumedElsewhereScreenProps) {
  return (
    <JourneyFrame branding={branding} progress={null} words={copy.frame}>
      <h1 className="text-2xl font-semibold tracking-tight">{copy.title}</h1>
      <p className="text-slate-700 dark:text-slate-200">{copy.message}</p>
      <ReturnLink href={exitUrl} label={copy.returnLabel} />
    </JourneyFrame>
  );
}
