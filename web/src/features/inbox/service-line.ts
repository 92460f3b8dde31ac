// A service line ("assigned to …", "resolved by …") arrives as a code with parameters
// (@switchboard/contract/service-lines) and is worded here, in the reader's language.
import type { ServiceLine } from '@switchboard/contract/service-lines';
import type { TFunction } from 'i18next';
import { formatDateTime } from '../../lib/dates.ts';

export function serviceLineText(line: ServiceLine, t: TFunction, language = 'en'): string {
  switch (line.code) {
    case 'assigned':
      return line.params.by === null
        ? t('serviceLine.assignedAuto', { to: line.params.to })
        : t('serviceLine.assigned', { to: line.params.to, by: line.params.by });
    case 'returned_to_queue':
      return line.params.by === null ? t('serviceLine.returnedToQueueAuto') : t('serviceLine.returnedToQueue', { by: line.params.by });
    case 'team_assigned':
      if (line.params.team === null) return t('serviceLine.teamRemoved', { by: line.params.by ?? '—' });
      return line.params.by === null
        ? t('serviceLine.teamAssignedAuto', { team: line.params.team })
        : t('serviceLine.teamAssigned', { team: line.params.team, by: line.params.by });
    case 'csat_rated':
      return t('serviceLine.csatRated', { rating: line.params.rating });
    case 'resolved':
      return t('serviceLine.resolved', { by: line.params.by });
    case 'reopened':
      return t('serviceLine.reopened', { by: line.params.by });
    case 'marked_pending':
      return t('operator.line.pending', { by: line.params.by });
    case 'snoozed':
      return line.params.until === null
        ? t('operator.line.snoozedUntilReply', { by: line.params.by })
        : t('operator.line.snoozedUntil', { by: line.params.by, until: formatDateTime(line.params.until, language) });
    case 'snooze_ended':
      return t('operator.line.snoozeEnded');
    case 'pressed':
      return t('serviceLine.pressed', { label: line.params.label });
  }
}
