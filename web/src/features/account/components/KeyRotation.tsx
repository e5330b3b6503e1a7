/** A person replaces their own key: a new non-extractable key is made here, the old key signs identity.rotate_key. */
export function KeyRotation() {
  return null;
}
