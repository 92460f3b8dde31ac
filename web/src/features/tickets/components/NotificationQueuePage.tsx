// Placeholder until this page is built.
export function NotificationQueuePage() {
  return <main>NotificationQueuePage</main>;
}
