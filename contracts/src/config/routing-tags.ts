import { z } from 'zod';

/**
 * Routing tags: labels on deployments (`eu`, `zdr`, `tier=gold`) that a request can demand
 * with the `x-alfred-tags` header and a team policy can require. Ingress validates the
 * header with these same rules, so a tag a client can send is always one a config can hold.
 */
export const routingTagsHeader = 'x-alfred-tags';
export const maxRequestTags = 16;
export const routingTagPattern = /^[A-Za-z0-9_.:=-]{1,64}$/;

export const RoutingTagSchema = z
  .string()
  .regex(routingTagPattern, 'a tag is 1 to 64 of letters, digits, _ . : = and -');
