import fs from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import { MUNICIPALITIES, type Municipality } from '../domain/vocabulary';

/**
 * Who is who, from a file an admin maintains (ORGANISATION_FILE): the admins who may bind channels,
 * the aandachtfunctionarissen (coordinators) per municipality, the people with the regional view of
 * the numbers (`regional`), and channels bound by configuration.
 * Identities are Entra object ids: names in the file are only for display.
 */
const guid = z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'geen geldige Entra object-id (GUID)')
    .transform((s) => s.toLowerCase());

const coordinatorSchema = z.object({
    aadObjectId: guid,
    name: z.string().min(1).max(200),
    email: z.email().optional(),
    phone: z.string().max(40).optional(),
});

const municipalitySchema = z.object({
    channel: z.string().min(1).max(500).optional(),
    coordinators: z.array(coordinatorSchema).default([]),
});

const fileSchema = z.object({
    admins: z.array(guid).default([]),
    /** People with the regional view of the numbers (e.g. the regional coordinator, the RIEC contact). */
    regional: z.array(guid).default([]),
    fallbackChannel: z.string().min(1).max(500).optional(),
    municipalities: z.partialRecord(z.enum(MUNICIPALITIES), municipalitySchema).default({}),
});

export type Coordinator = z.infer<typeof coordinatorSchema>;
export type OrganisationFile = z.infer<typeof fileSchema>;

export class OrganisationFileError extends Error {
    constructor(file: string, problem: string) {
        super(`Organisatiebestand ${file}: ${problem}`);
        this.name = 'OrganisationFileError';
    }
}

export class OrganisationDirectory {
    constructor(private readonly data: OrganisationFile) {}

    static empty(): OrganisationDirectory {
        return new OrganisationDirectory(fileSchema.parse({}));
    }

    static fromFile(file: string): OrganisationDirectory {
        let raw: unknown;
        try {
            raw = YAML.parse(fs.readFileSync(file, 'utf8'));
        } catch (err) {
            throw new OrganisationFileError(file, `niet te lezen (${(err as Error).message})`);
        }
        const parsed = fileSchema.safeParse(raw ?? {});
        if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new OrganisationFileError(file, `${issue.path.join('.') || '(bestand)'}: ${issue.message}`);
        }
        return new OrganisationDirectory(parsed.data);
    }

    /** The admins' Entra object ids (lower case), who hear of reports that did not reach their channel. */
    adminIds(): readonly string[] {
        return [...new Set(this.data.admins.map((id) => id.toLowerCase()))];
    }

    isAdmin(aadObjectId: string | undefined): boolean {
        return aadObjectId !== undefined && this.data.admins.includes(aadObjectId.toLowerCase());
    }

    coordinatorsOf(municipality: Municipality): readonly Coordinator[] {
        return this.data.municipalities[municipality]?.coordinators ?? [];
    }

    isCoordinator(aadObjectId: string | undefined, municipality: Municipality): boolean {
        if (aadObjectId === undefined) return false;
        const id = aadObjectId.toLowerCase();
        return this.coordinatorsOf(municipality).some((c) => c.aadObjectId === id);
    }

    /** Municipalities this person coordinates (empty for everyone else). */
    municipalitiesOf(aadObjectId: string | undefined): Municipality[] {
        return MUNICIPALITIES.filter((m) => this.isCoordinator(aadObjectId, m));
    }

    isRegional(aadObjectId: string | undefined): boolean {
        return aadObjectId !== undefined && this.data.regional.includes(aadObjectId.toLowerCase());
    }

    contactFor(municipality: Municipality): { name: string; email?: string } | undefined {
        const first = this.coordinatorsOf(municipality)[0];
        return first ? { name: first.name, email: first.email } : undefined;
    }

    configuredChannel(municipality: Municipality): string | undefined {
        return this.data.municipalities[municipality]?.channel;
    }

    get fallbackChannel(): string | undefined {
        return this.data.fallbackChannel;
    }
}
