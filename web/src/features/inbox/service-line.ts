// A service line ("assigned to …", "resolved by …") arrives as a code with parameters
// (@switchboard/contract/service-lines) and is worded here, in the reader's language.
import type { ServiceLine } from '@switchboard/contract/service-lines';
import type { TFunction } from 'i18next';

export function serviceLineText(line: ServiceLine, t: TFunction): string {
  switch (line.code) {
    case 'assigned':
      return line.params.by === null
        ? t('serviceLine.assignedAuto', { to: line.params.to })
        : t('serviceLine.assigned', { to: line.params.to, by: line.params.by });
    case 'returned_to_queue':
      return line.params.by === null ? t('serviceLine.returnedToQueueAuto') : t('serviceLine.returnedToQueue', { by: line.params.by });
    case 'resolved':
      return t('serviceLine.resolved', { by: line.params.by });
    case 'reopened':
      return t('serviceLine.reopened', { by: line.params.by });
    case 'pressed':
      return t('serviceLine.pressed', { label: line.params.label });
  }
}
