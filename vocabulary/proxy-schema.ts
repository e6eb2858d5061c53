import { z } from "zod";
import { DEFAULTS, FORMATS } from "../constructs/domain";
import { keeping, port } from "./schema-fields";

/*
 * The workspace file's `proxy` section: the front door (the library's ConvexFrontDoor). The constraints of
 * workspace-schema.ts hold here too: regular expressions without flags, `.overwrite()` rather than `.transform()`.
 */

const acme = z.strictObject({
  email: keeping(FORMATS.acmeEmail)
    .optional()
    .meta({
      description: "The ACME account's contact address, for the CA's notices about the certificates.",
      examples: ["ops@example.com"],
    }),
  directory: keeping(FORMATS.acmeDirectory)
    .default(DEFAULTS.acmeDirectory)
    .meta({
      description: "The certificate authority's ACME directory URL (Let's Encrypt's production one by default).",
      examples: [
        "https://acme-staging-v02.api.letsencrypt.org/directory",
        "https://ca.example.internal/acme/acme/directory",
      ],
    }),
  caRootFile: keeping(FORMATS.hostPath)
    .optional()
    .meta({
      description:
        "Path on the Docker host of the root certificate that signs a private ACME CA's own HTTPS listener (step-ca, pebble): mounted read-only, and trusted for the directory only.",
      examples: ["/etc/ssl/private-ca/root.pem"],
    }),
});

const ports = z.strictObject({
  http: port.default(DEFAULTS.frontDoorPorts.http).meta({
    description: "Host port for plain HTTP: redirects to HTTPS, and the CA's http-01 challenges (public CAs use 80).",
  }),
  https: port.default(DEFAULTS.frontDoorPorts.https).meta({
    description:
      "Host port for HTTPS, and the CA's tls-alpn-01 challenges (public CAs use 443). When not 443, every public URL carries it.",
  }),
});

export const proxy = z
  .strictObject({
    tls: z.enum(["acme", "internal"]).default(DEFAULTS.frontDoorTls).meta({
      description:
        "Where certificates come from. `acme`: an ACME certificate authority (Let's Encrypt unless `acme.directory` says otherwise), which must reach the door on `ports` under each URL's host name. `internal`: Caddy's own CA, kept in the certificate volume, for private networks (clients must trust its root).",
    }),
    acme: acme.optional().meta({ description: "The ACME certificate authority (only with `tls` `acme`)." }),
    ports: ports.default({ ...DEFAULTS.frontDoorPorts }).meta({ description: "The door's host ports." }),
    bindAddress: keeping(FORMATS.ipAddress)
      .default(DEFAULTS.frontDoorBindAddress)
      .meta({ description: "Host address the door's ports are published on.", examples: ["203.0.113.7"] }),
    dashboardAuth: z
      .strictObject({
        username: keeping(FORMATS.basicAuthUsername).meta({ description: "The user name.", examples: ["admin"] }),
      })
      .optional()
      .meta({
        description:
          "Basic auth in front of the dashboard's host only; the password's bcrypt hash is the sensitive variable TF_VAR_dashboard_password_hash.",
      }),
  })
  .superRefine((section, ctx) => {
    if (section.tls === "internal" && section.acme !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["acme"],
        input: section.acme,
        message: 'is only read with tls "acme", and tls is "internal"',
        params: { fix: 'remove acme, or set tls to "acme"' },
      });
  });
