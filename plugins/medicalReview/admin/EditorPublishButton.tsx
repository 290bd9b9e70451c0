/**
 * In place of Payload's "Publish changes" button: nothing. A reviewable document has one publish
 * action, the review panel's, which publishes exactly the signed version (or says why not, once);
 * Payload's button would publish the newest draft, which the gate then refuses.
 */
export function EditorPublishButton() {
  return null
}
