//! `codegen diff` on small before/after spec pairs, one or more per class of change: the kinds and
//! audiences each change is reported with, the semver bump, and the exit status for `--for client`
//! and `--for server`. Text and markdown reports are locked by insta snapshots.

mod support;

use codegen::diff::{self, report, Audience, Report, Semver};
use support::reordered;

/// The base API: a response-only `Pet`, a request-only `NewPet`, an enum used in responses.
const BASE: &str = r##"openapi: 3.0.3
info: {title: Pets, version: "1"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /pets/{id}:
    get:
      operationId: getPet
      summary: Get a pet.
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: verbose, in: query, schema: {type: boolean}}
      responses:
        "200":
          description: the pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewPet'}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      description: A pet.
      required: [id, name]
      properties:
        id: {type: string}
        name: {type: string, maxLength: 50}
        status: {$ref: '#/components/schemas/Status'}
        tag: {type: string}
    NewPet:
      type: object
      required: [name]
      properties:
        name: {type: string, maxLength: 50}
        tag: {type: string}
        age: {type: integer, format: int32, minimum: 0}
        kind: {type: string, enum: [cat, dog]}
        photos: {type: array, items: {type: string}, minItems: 0}
    Status:
      type: string
      enum: [available, sold]
"##;

/// `BASE` with each `(from, to)` replaced once (each `from` must occur).
fn edit(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "`{from}` is not in the base spec");
        text = text.replacen(from, to, 1);
    }
    text
}

fn run(old: &str, new: &str) -> Report {
    diff::diff_str(old, Some("old.yaml"), new, Some("new.yaml")).expect("both specs generate")
}

use Audience::{Client as C, Server as S, Wire as W};

struct Case {
    name: &'static str,
    /// Edits of `BASE` that make OLD (none: OLD is `BASE`).
    old: &'static [(&'static str, &'static str)],
    /// Edits of `BASE` that make NEW.
    edits: &'static [(&'static str, &'static str)],
    /// Every change expected, as (kind, breaks), in report order.
    changes: &'static [(&'static str, &'static [Audience])],
    semver: Semver,
}

const CASES: &[Case] = &[
    Case {
        old: &[],
        name: "operation added",
        edits: &[(
            "  /pets:\n",
            "  /pets/{id}/photo:\n    get:\n      operationId: getPhoto\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        \"204\": {description: none}\n  /pets:\n",
        )],
        changes: &[("operation-added", &[S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "operation removed",
        edits: &[("    post:\n      operationId: createPet\n", "    x-post:\n      operationId: createPet\n")],
        changes: &[("operation-removed", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "callback added",
        edits: &[(
            "components:\n",
            "      callbacks:\n        onAdopted:\n          '{$request.body#/tag}/adopted':\n            post:\n              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\n              responses: {\"204\": {description: received}}\ncomponents:\n",
        )],
        // The receiver's `Webhooks` trait gains a method its implementers must add.
        changes: &[("receiver-added", &[S])],
        semver: Semver::Major,
    },
    Case {
        old: &[(
            "components:\n",
            "      callbacks:\n        onAdopted:\n          '{$request.body#/tag}/adopted':\n            post:\n              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\n              responses: {\"204\": {description: received}}\ncomponents:\n",
        )],
        name: "callback removed",
        edits: &[],
        changes: &[("receiver-removed", &[S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "operation method changed",
        edits: &[("    post:\n      operationId: createPet\n", "    put:\n      operationId: createPet\n")],
        changes: &[("operation-method-changed", &[W])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "operation path changed",
        edits: &[("  /pets:\n", "  /animals:\n")],
        changes: &[("operation-path-changed", &[W])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "operation deprecated",
        edits: &[("      summary: Get a pet.\n", "      summary: Get a pet.\n      deprecated: true\n")],
        changes: &[("operation-deprecated", &[])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "operationId renamed",
        edits: &[("operationId: getPet", "operationId: fetchPet")],
        changes: &[("operation-renamed", &[C, S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "required parameter added",
        edits: &[(
            "        - {name: verbose,",
            "        - {name: X-Tenant, in: header, required: true, schema: {type: string}}\n        - {name: verbose,",
        )],
        changes: &[("required-parameter-added", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "optional parameter added",
        edits: &[(
            "        - {name: verbose,",
            "        - {name: fields, in: query, schema: {type: string}}\n        - {name: verbose,",
        )],
        // A setter on the client's call (compatible), an argument of the server trait's method.
        changes: &[("optional-parameter-added", &[S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "parameter removed",
        edits: &[("        - {name: verbose, in: query, schema: {type: boolean}}\n", "")],
        changes: &[("parameter-removed", &[C, S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "parameter moved to another location",
        edits: &[("{name: verbose, in: query,", "{name: verbose, in: header,")],
        changes: &[("parameter-location-changed", &[W])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "parameter type changed",
        edits: &[("in: query, schema: {type: boolean}", "in: query, schema: {type: integer}")],
        changes: &[("type-changed", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "parameter explode changed",
        edits: &[("in: query, schema: {type: boolean}}", "in: query, explode: false, schema: {type: boolean}}")],
        changes: &[("parameter-style-changed", &[W])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "parameter sent as JSON text",
        edits: &[(
            "in: query, schema: {type: boolean}}",
            "in: query, content: {application/json: {schema: {type: boolean}}}}",
        )],
        // The same `Option<bool>` either way; `true` is also its own JSON text, but a client
        // built from OLD sends `verbose=true` where NEW documents JSON.
        changes: &[("parameter-style-changed", &[W])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "parameter sent as JSON text of a new type",
        edits: &[(
            "in: query, schema: {type: boolean}}",
            "in: query, content: {application/json: {schema: {type: array, items: {type: string}}}}}",
        )],
        changes: &[("parameter-style-changed", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[(
            "in: query, schema: {type: boolean}}",
            "in: query, content: {application/json: {schema: {type: boolean}}}}",
        )],
        name: "JSON text parameter's type changed",
        edits: &[(
            "in: query, schema: {type: boolean}}",
            "in: query, content: {application/json: {schema: {type: integer}}}}",
        )],
        changes: &[("type-changed", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "parameter became required",
        edits: &[("{name: verbose, in: query,", "{name: verbose, in: query, required: true,")],
        changes: &[("parameter-became-required", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "request body added",
        edits: &[(
            "      operationId: getPet\n",
            "      operationId: getPet\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object}\n",
        )],
        changes: &[("request-body-added", &[C, S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "request body became optional",
        edits: &[("      requestBody:\n        required: true\n", "      requestBody:\n")],
        changes: &[("request-body-became-optional", &[C, S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "request media type added",
        edits: &[(
            "            schema: {$ref: '#/components/schemas/NewPet'}\n",
            "            schema: {$ref: '#/components/schemas/NewPet'}\n          application/xml:\n            schema: {$ref: '#/components/schemas/NewPet'}\n",
        )],
        changes: &[("request-media-type-added", &[])],
        semver: Semver::Minor,
    },
    Case {
        old: &[],
        name: "required property added to a request",
        edits: &[("      required: [name]\n", "      required: [name, owner]\n"), ("        tag: {type: string}\n        age:", "        tag: {type: string}\n        owner: {type: string}\n        age:")],
        changes: &[("required-property-added", &[C, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "required property added to a response",
        edits: &[("      required: [id, name]\n", "      required: [id, name, born]\n"), ("        id: {type: string}\n", "        id: {type: string}\n        born: {type: string, format: date}\n")],
        changes: &[("required-property-added", &[S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "optional property added",
        edits: &[("        tag: {type: string}\n        age:", "        tag: {type: string}\n        nickname: {type: string}\n        age:")],
        changes: &[("property-added", &[])],
        semver: Semver::Minor,
    },
    Case {
        old: &[],
        name: "optional property removed from a response",
        edits: &[("        status: {$ref: '#/components/schemas/Status'}\n        tag: {type: string}\n", "        status: {$ref: '#/components/schemas/Status'}\n")],
        changes: &[("property-removed", &[C, S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "required property removed from a response",
        edits: &[("      required: [id, name]\n", "      required: [id]\n"), ("        name: {type: string, maxLength: 50}\n        status", "        status")],
        changes: &[("property-removed", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "response property became optional",
        edits: &[("      required: [id, name]\n", "      required: [id]\n")],
        changes: &[("property-became-optional", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "request property became required",
        edits: &[("      required: [name]\n", "      required: [name, tag]\n")],
        changes: &[("property-became-required", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "format widened in a request",
        edits: &[("age: {type: integer, format: int32", "age: {type: integer, format: int64")],
        changes: &[("format-changed", &[C, S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "format changed without a Rust change",
        edits: &[("        tag: {type: string}\n        age:", "        tag: {type: string, format: hostname}\n        age:")],
        changes: &[("format-changed", &[W])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "nullable added in a response",
        edits: &[("        status: {$ref: '#/components/schemas/Status'}\n        tag: {type: string}\n", "        status: {$ref: '#/components/schemas/Status'}\n        tag: {type: string, nullable: true}\n")],
        changes: &[("nullable-added", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "enum value added in a response",
        edits: &[("enum: [available, sold]", "enum: [available, sold, reserved]")],
        changes: &[("enum-value-added", &[])],
        semver: Semver::Minor,
    },
    Case {
        old: &[],
        name: "enum value removed in a response",
        edits: &[("enum: [available, sold]", "enum: [available]")],
        changes: &[("enum-value-removed", &[C, S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "enum value added in a request",
        edits: &[("enum: [cat, dog]", "enum: [cat, dog, bird]")],
        changes: &[("enum-value-added", &[])],
        semver: Semver::Minor,
    },
    Case {
        old: &[],
        name: "enum value removed in a request",
        edits: &[("enum: [cat, dog]", "enum: [cat]")],
        changes: &[("enum-value-removed", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "maxLength tightened in a request",
        edits: &[("        name: {type: string, maxLength: 50}\n        tag: {type: string}\n        age", "        name: {type: string, maxLength: 20}\n        tag: {type: string}\n        age")],
        changes: &[("constraint-tightened", &[W])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "maxLength loosened in a request",
        edits: &[("        name: {type: string, maxLength: 50}\n        tag: {type: string}\n        age", "        name: {type: string, maxLength: 80}\n        tag: {type: string}\n        age")],
        changes: &[("constraint-loosened", &[])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "maxLength loosened in a response",
        edits: &[("        name: {type: string, maxLength: 50}\n        status", "        name: {type: string, maxLength: 80}\n        status")],
        changes: &[("constraint-loosened", &[])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "minimum raised in a request",
        edits: &[("format: int32, minimum: 0}", "format: int32, minimum: 1}")],
        changes: &[("constraint-tightened", &[W])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "pattern added in a request",
        edits: &[("        tag: {type: string}\n        age:", "        tag: {type: string, pattern: '^[a-z]+$'}\n        age:")],
        changes: &[("constraint-tightened", &[W])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "minItems raised in a request",
        edits: &[("minItems: 0}", "minItems: 1}")],
        changes: &[("constraint-tightened", &[W])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "error response added",
        edits: &[("              schema: {$ref: '#/components/schemas/Pet'}\n  /pets:", "              schema: {$ref: '#/components/schemas/Pet'}\n        \"404\":\n          description: no such pet\n  /pets:")],
        // The server trait's answer gains a variant: its enum is exhaustive.
        changes: &[("response-added", &[S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "error response with a body added",
        edits: &[
            ("              schema: {$ref: '#/components/schemas/Pet'}\n  /pets:", "              schema: {$ref: '#/components/schemas/Pet'}\n        \"404\":\n          description: no such pet\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Problem'}\n  /pets:"),
            ("    Status:\n", "    Problem:\n      type: object\n      properties:\n        message: {type: string}\n    Status:\n"),
        ],
        // A new `ErrorBody` variant: the enum is `#[non_exhaustive]`, so nothing breaks there.
        changes: &[("response-added", &[S]), ("schema-added", &[]), ("error-body-variant-added", &[])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "success response added",
        edits: &[("              schema: {$ref: '#/components/schemas/Pet'}\ncomponents:", "              schema: {$ref: '#/components/schemas/Pet'}\n        \"202\":\n          description: accepted, created later\ncomponents:")],
        changes: &[("response-added", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "response removed",
        edits: &[("        \"201\":\n          description: created\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Pet'}\n", "        \"204\":\n          description: created\n")],
        changes: &[("response-added", &[C, S, W]), ("response-removed", &[C, S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "response media type added",
        edits: &[("              schema: {$ref: '#/components/schemas/Pet'}\n  /pets:", "              schema: {$ref: '#/components/schemas/Pet'}\n            application/xml:\n              schema: {$ref: '#/components/schemas/Pet'}\n  /pets:")],
        changes: &[("response-media-type-added", &[])],
        semver: Semver::Minor,
    },
    Case {
        old: &[],
        name: "security scheme added and required",
        edits: &[("servers:", "security: [{basicAuth: []}]\nservers:"), ("components:\n", "components:\n  securitySchemes:\n    basicAuth: {type: http, scheme: basic}\n")],
        changes: &[
            ("operation-security-added", &[W]),
            ("operation-security-added", &[W]),
            ("security-scheme-added", &[]),
            ("client-auth-method-added", &[]),
        ],
        semver: Semver::Minor,
    },
    Case {
        old: &[],
        name: "base URL changed",
        edits: &[("https://api.example.com/v1", "https://api.example.com/v2")],
        changes: &[("server-url-changed", &[W])],
        semver: Semver::Patch,
    },
    Case {
        old: &[],
        name: "schema renamed",
        edits: &[("    Pet:\n", "    Animal:\n"), ("schemas/Pet'}\n  /pets:", "schemas/Animal'}\n  /pets:"), ("schemas/Pet'}\ncomponents", "schemas/Animal'}\ncomponents")],
        changes: &[("type-renamed", &[C, S])],
        semver: Semver::Major,
    },
    Case {
        old: &[],
        name: "description changed",
        edits: &[("description: A pet.", "description: A pet that lives with people."), ("summary: Get a pet.", "summary: Fetch one pet.")],
        changes: &[("documentation-changed", &[]), ("documentation-changed", &[])],
        semver: Semver::None,
    },
    Case {
        old: &[],
        name: "example added",
        edits: &[("        id: {type: string}\n", "        id: {type: string, example: p-1}\n")],
        changes: &[("documentation-changed", &[])],
        semver: Semver::None,
    },
    Case {
        old: &[],
        name: "inline schema moved into a component",
        edits: &[("        kind: {type: string, enum: [cat, dog]}\n", "        kind: {$ref: '#/components/schemas/NewPetKind'}\n"), ("    Status:\n", "    NewPetKind: {type: string, enum: [cat, dog]}\n    Status:\n")],
        changes: &[("schema-added", &[])],
        semver: Semver::Minor,
    },
    Case {
        old: &[("      requestBody:\n        required: true\n", "      requestBody:\n")],
        name: "request body became required",
        edits: &[],
        changes: &[("request-body-became-required", &[C, S, W])],
        semver: Semver::Major,
    },
    Case {
        old: &[(
            "            schema: {$ref: '#/components/schemas/NewPet'}\n",
            "            schema: {$ref: '#/components/schemas/NewPet'}\n          application/xml:\n            schema: {$ref: '#/components/schemas/NewPet'}\n",
        )],
        name: "request media type removed",
        edits: &[],
        changes: &[("request-media-type-removed", &[W])],
        semver: Semver::Patch,
    },
    Case {
        old: &[("servers:", "security: [{basicAuth: []}]\nservers:"), ("components:\n", "components:\n  securitySchemes:\n    basicAuth: {type: http, scheme: basic}\n")],
        name: "security scheme removed",
        edits: &[],
        changes: &[
            ("operation-security-removed", &[]),
            ("operation-security-removed", &[]),
            ("security-scheme-removed", &[W]),
            ("client-auth-method-removed", &[C]),
        ],
        semver: Semver::Major,
    },
    Case {
        old: &[("        tag: {type: string}\n        age:", "        tag: {type: string}\n        pet-name: {type: string}\n        age:")],
        name: "a new property takes an existing field's Rust name",
        edits: &[("        tag: {type: string}\n        age:", "        tag: {type: string}\n        pet_name: {type: string}\n        pet-name: {type: string}\n        age:")],
        changes: &[("property-added", &[]), ("field-renamed", &[C, S])],
        semver: Semver::Major,
    },
    Case {
        old: &[("enum: [available, sold]", "enum: [available, sold-out]")],
        // `SoldOut` is spelled as its variant, so it claims the name before `sold-out`.
        name: "a new enum value takes an existing variant's Rust name",
        edits: &[("enum: [available, sold]", "enum: [available, SoldOut, sold-out]")],
        changes: &[("enum-value-added", &[]), ("enum-variant-renamed", &[C, S])],
        semver: Semver::Major,
    },
    Case {
        old: &[(
            "              schema: {$ref: '#/components/schemas/Pet'}\ncomponents:",
            "              schema: {type: object, properties: {id: {type: string}}}\ncomponents:",
        )],
        name: "an operationId change renames the operation's inline types",
        edits: &[
            ("operationId: createPet", "operationId: addPet"),
            (
                "              schema: {$ref: '#/components/schemas/Pet'}\ncomponents:",
                "              schema: {type: object, properties: {id: {type: string}}}\ncomponents:",
            ),
        ],
        changes: &[("operation-renamed", &[C, S]), ("type-renamed", &[C, S])],
        semver: Semver::Major,
    },
];

#[test]
fn every_case_reports_what_it_breaks() {
    let mut failures = Vec::new();
    for case in CASES {
        let (old, new) = (edit(case.old), edit(case.edits));
        let report = run(&old, &new);
        let got: Vec<(&str, Vec<Audience>)> = report
            .changes
            .iter()
            .map(|c| (c.kind, c.breaks.iter().copied().collect()))
            .collect();
        let want: Vec<(&str, Vec<Audience>)> =
            case.changes.iter().map(|(k, b)| (*k, b.to_vec())).collect();
        if got != want || report.semver() != case.semver {
            failures.push(format!(
                "{}:\n  want {:?} semver {:?}\n  got  {:?} semver {:?}\n{}",
                case.name,
                want,
                case.semver,
                got,
                report.semver(),
                report::render(&report, report::Format::Text)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_same_spec_reports_nothing() {
    let report = run(BASE, BASE);
    assert_eq!(report.changes, vec![]);
    assert_eq!(report.semver(), Semver::None);
}

#[test]
fn a_reordered_and_reformatted_spec_reports_nothing() {
    // Keys reordered everywhere (paths, properties, components), and YAML turned into JSON.
    let json = reordered(BASE);
    assert!(json.find("\"/pets\"").unwrap() < json.find("\"/pets/{id}\"").unwrap());
    let report = run(BASE, &json);
    assert_eq!(
        report.changes,
        vec![],
        "{}",
        report::render(&report, report::Format::Text)
    );
}

#[test]
fn a_reordered_spec_with_colliding_names_reports_nothing() {
    // `pet`/`Pet`, `getPet`/`get_pet` and `sold-out`/`sold_out` spell one Rust name each: which
    // is numbered must not follow the document's order.
    let spec = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getPet
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
  /b:
    get:
      operationId: get_pet
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/pet'}}}}
components:
  schemas:
    pet:
      type: object
      properties: {name: {type: string}}
    Pet:
      type: object
      properties:
        status: {type: string, enum: [sold-out, sold_out, available]}
";
    let report = run(spec, &reordered(spec));
    assert_eq!(
        report.changes,
        vec![],
        "{}",
        report::render(&report, report::Format::Text)
    );
}

#[test]
fn a_change_reports_the_same_both_ways_round_where_it_is_symmetric() {
    // Renaming back is a rename too; adding an operation back is a removal the other way.
    let renamed = edit(&[("operationId: getPet", "operationId: fetchPet")]);
    let back = run(&renamed, BASE);
    assert_eq!(back.changes.len(), 1);
    assert_eq!(back.changes[0].kind, "operation-renamed");
}

#[test]
fn reordered_required_properties_reorder_the_constructor() {
    // `Pet::new(id, name)` becomes `Pet::new(name, id)`: both `String`, so old calls still
    // compile and silently swap the two. The server builds `Pet` (a response type).
    let new = edit(&[(
        "        id: {type: string}\n        name: {type: string, maxLength: 50}\n",
        "        name: {type: string, maxLength: 50}\n        id: {type: string}\n",
    )]);
    let report = run(BASE, &new);
    let got: Vec<_> = report
        .changes
        .iter()
        .map(|c| (c.kind, c.breaks.clone()))
        .collect();
    assert_eq!(got, vec![("constructor-arguments-reordered", [S].into())]);
    // Optional properties are setters: their order is free.
    let new = edit(&[(
        "        status: {$ref: '#/components/schemas/Status'}\n        tag: {type: string}\n",
        "        tag: {type: string}\n        status: {$ref: '#/components/schemas/Status'}\n",
    )]);
    assert_eq!(run(BASE, &new).changes, vec![]);
}

#[test]
fn reordered_parameters_reorder_the_method_arguments() {
    let new = edit(&[(
        "      summary: Get a pet.\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: verbose, in: query, schema: {type: boolean}}\n",
        "      summary: Get a pet.\n      parameters:\n        - {name: fields, in: query, schema: {type: string}}\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: verbose, in: query, schema: {type: boolean}}\n",
    )]);
    let moved = new.replace(
        "        - {name: fields, in: query, schema: {type: string}}\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: verbose, in: query, schema: {type: boolean}}\n",
        "        - {name: verbose, in: query, schema: {type: boolean}}\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: fields, in: query, schema: {type: string}}\n",
    );
    let report = run(&new, &moved);
    let got: Vec<_> = report
        .changes
        .iter()
        .map(|c| (c.kind, c.breaks.clone()))
        .collect();
    // Optional parameters are setters on the client's call, so only the server trait's method
    // (which takes every parameter as an argument) has its arguments reordered.
    assert_eq!(got, vec![("parameters-reordered", [S].into())]);
}

/// Several changes at once, for the report snapshots.
fn kitchen_sink() -> Report {
    let new = edit(&[
        ("      required: [name]\n", "      required: [name, owner]\n"),
        ("        tag: {type: string}\n        age:", "        tag: {type: string}\n        owner: {type: string}\n        age:"),
        ("enum: [available, sold]", "enum: [available, sold, reserved]"),
        ("operationId: getPet", "operationId: fetchPet"),
        ("format: int32, minimum: 0}", "format: int32, minimum: 1}"),
        ("description: A pet.", "description: A pet | an animal."),
        (
            "        - {name: verbose,",
            "        - {name: fields, in: query, schema: {type: string}}\n        - {name: verbose,",
        ),
    ]);
    run(BASE, &new)
}

#[test]
fn text_report() {
    insta::assert_snapshot!(report::render(&kitchen_sink(), report::Format::Text));
}

#[test]
fn markdown_report() {
    insta::assert_snapshot!(report::render(&kitchen_sink(), report::Format::Markdown));
}

#[test]
fn json_report() {
    insta::assert_snapshot!(report::render(&kitchen_sink(), report::Format::Json));
}

#[test]
fn empty_reports() {
    let report = run(BASE, BASE);
    insta::assert_snapshot!(
        "empty",
        format!(
            "{}---\n{}---\n{}",
            report::render(&report, report::Format::Text),
            report::render(&report, report::Format::Markdown),
            report::render(&report, report::Format::Json)
        )
    );
}

#[test]
fn a_broken_spec_is_located_diagnostics() {
    // A remote reference cannot be read (a missing schema would be untyped JSON, with a warning).
    let broken = edit(&[(
        "'#/components/schemas/NewPet'}",
        "'https://example.com/new-pet.yaml'}",
    )]);
    let err = diff::diff_str(BASE, Some("old.yaml"), &broken, Some("new.yaml")).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("new.yaml:"), "{text}");
    assert!(
        text.contains("remote `$ref: https://example.com/new-pet.yaml`"),
        "{text}"
    );
    assert!(text.contains("#/paths/~1pets/post/requestBody"), "{text}");
}

#[test]
fn error_body_variants_are_located_at_their_responses() {
    let with_error = edit(&[(
        "        \"200\":\n          description: the pet\n",
        "        \"200\":\n          description: the pet\n        \"404\":\n          description: no such pet\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Problem'}\n",
    ), (
        "    Status:\n",
        "    Problem:\n      type: object\n      properties:\n        message: {type: string}\n    Status:\n",
    )]);
    let pointer = "#/paths/~1pets~1{id}/get/responses/404";
    let variant = |report: &Report, kind: &str| {
        report
            .changes
            .iter()
            .find(|c| c.kind == kind)
            .cloned()
            .unwrap_or_else(|| panic!("no {kind}: {report:?}"))
    };
    // Added: the generated `ErrorBody` is `#[non_exhaustive]`, so no `match` on it breaks.
    let added = variant(&run(BASE, &with_error), "error-body-variant-added");
    assert_eq!(added.location, pointer);
    assert!(added.breaks.is_empty(), "{added:?}");
    assert_eq!(added.semver, Semver::Minor);
    assert!(
        added
            .message
            .contains("the 404 response of `GET /pets/{id}`"),
        "{}",
        added.message
    );
    // Removed: located in OLD; code that names the variant breaks.
    let removed = variant(&run(&with_error, BASE), "error-body-variant-removed");
    assert_eq!(removed.location, pointer);
    assert_eq!(removed.breaks, [C].into());
    assert_eq!(removed.semver, Semver::Major);
}

/// Not a check: writes each case's OLD and NEW spec to `$DIFF_CASES_OUT/<case>/{old,new}.yaml`
/// (the case's name, every character but ASCII letters and digits as `_`), for `scripts/semver-agree.sh` to give to cargo-semver-checks.
#[test]
#[ignore = "exports the cases for scripts/semver-agree.sh"]
fn export_cases() {
    let out = std::env::var_os("DIFF_CASES_OUT").expect("DIFF_CASES_OUT names the directory");
    for case in CASES {
        let slug: String = case
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let dir = std::path::Path::new(&out).join(slug);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("old.yaml"), edit(case.old)).unwrap();
        std::fs::write(dir.join("new.yaml"), edit(case.edits)).unwrap();
    }
}
