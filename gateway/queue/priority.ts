import type { VulnerabilityFlag } from '../protection/protection-details.js';
import type { TicketPriority } from './ticket.js';

/**
 * Issue 20: vulnerable people are served first. Every category of the Reception Conditions list
 * gives a priority ticket; the category itself is only the reason, so it is dropped here and
 * never stored with the ticket, logged, or shown on the waiting-room display.
 */
export function ticketPriorityFor(needs: readonly VulnerabilityFlag[] | undefined): TicketPriority {
  return needs && needs.length > 0 ? 'priority' : 'normal';
}
