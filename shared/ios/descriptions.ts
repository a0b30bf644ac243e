// IOS's length limits on free-text descriptions. Azure names reach 80
// characters, so a description built from them can pass the limit; the name
// is shortened, never the part that says which instance or tunnel it is.
// Sources: Cisco IOS IP Command Reference, `neighbor description` ("up to 80
// characters"); Cisco IOS Interface Command Reference, interface
// `description` (up to 240 characters). NVA-FACTS F10: the 17.15 interface
// limit is not verified on a device, so interface descriptions keep to 200.
export const NEIGHBOR_DESCRIPTION_MAX = 80;
export const INTERFACE_DESCRIPTION_MAX = 200;

/** `${name}${rest}` within `max` characters: the name is cut (marked with "~") when the whole would be longer. */
export function describeWithin(max: number, name: string, rest: string): string {
  const whole = `${name}${rest}`;
  if (whole.length <= max) return whole;
  const room = Math.max(0, max - rest.length - 1);
  return `${name.slice(0, room)}~${rest}`.slice(0, max);
}
