//! `codegen diff` through the real binary: exit statuses (0 nothing breaks the audience, 1
//! something does, 2 a spec cannot be read or generated), `--format json`, `--for server`, and
//! `REV:PATH` read from a temporary git repository.

use std::path::Path;
use std::process::{Command, Output};

const OLD: &str = r##"openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: the pets
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: string}
"##;

fn codegen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run the codegen binary")
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn exit_status_follows_the_chosen_audience() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.yaml", OLD);
    // An added operation breaks the server trait's implementers only.
    let added = OLD.replace(
        "components:",
        "  /pets/{id}:\n    delete:\n      operationId: deletePet\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        \"204\": {description: deleted}\ncomponents:",
    );
    write(dir.path(), "added.yaml", &added);
    let client = codegen(dir.path(), &["diff", "old.yaml", "added.yaml"]);
    assert_eq!(client.status.code(), Some(0), "{}", stderr(&client));
    assert!(
        stdout(&client).contains("operation-added [server]"),
        "{}",
        stdout(&client)
    );
    let server = codegen(
        dir.path(),
        &["diff", "old.yaml", "added.yaml", "--for", "server"],
    );
    assert_eq!(server.status.code(), Some(1));
    // The same spec: nothing, exit 0 for both.
    for audience in ["client", "server"] {
        let same = codegen(
            dir.path(),
            &["diff", "old.yaml", "old.yaml", "--for", audience],
        );
        assert_eq!(same.status.code(), Some(0));
        assert_eq!(stdout(&same), "no changes, semver none\n");
    }
    // A removed property breaks the client.
    let removed = OLD.replace("      required: [id]\n", "").replace(
        "        id: {type: string}\n",
        "        name: {type: string}\n",
    );
    write(dir.path(), "removed.yaml", &removed);
    let out = codegen(dir.path(), &["diff", "old.yaml", "removed.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
}

#[test]
fn an_operation_told_apart_by_a_query_string_in_its_path_is_its_own() {
    // `/r?beta=true` beside `/r` (OpenAI's `/responses?beta=true`): the generated server routes
    // both, so a parameter made required on the beta one breaks its trait method too.
    let dir = tempfile::tempdir().unwrap();
    let old = "openapi: 3.0.3
info: {title: Q, version: '1'}
paths:
  /r:
    get:
      operationId: plain
      parameters: [{name: a, in: query, schema: {type: string}}]
      responses: {'204': {description: ok}}
  /r?beta=true:
    get:
      operationId: beta
      parameters: [{name: b, in: query, schema: {type: string}}]
      responses: {'204': {description: ok}}
";
    write(dir.path(), "old.yaml", old);
    write(
        dir.path(),
        "new.yaml",
        &old.replace(
            "{name: b, in: query,",
            "{name: b, in: query, required: true,",
        ),
    );
    let out = codegen(
        dir.path(),
        &["diff", "old.yaml", "new.yaml", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v["changes"],
        serde_json::json!([{
            "kind": "parameter-became-required",
            "location": "#/paths/~1r?beta=true/get/parameters/0",
            "message": "the query parameter `b` of `GET /r?beta=true` is now required",
            "breaks": ["client", "server", "wire"]
        }])
    );
}

#[test]
fn json_has_changes_and_semver() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.yaml", OLD);
    let new = OLD.replace(
        "        id: {type: string}\n",
        "        id: {type: string}\n        tag: {type: string}\n",
    );
    write(dir.path(), "new.json", &{
        let v: serde_json::Value = serde_yaml::from_str(&new).unwrap();
        serde_json::to_string(&v).unwrap()
    });
    let out = codegen(
        dir.path(),
        &["diff", "old.yaml", "new.json", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "changes": [{
                "kind": "property-added",
                "location": "#/components/schemas/Pet/properties/tag",
                "message": "new optional property `tag`",
                "breaks": []
            }],
            "semver": "minor"
        })
    );
    let md = codegen(
        dir.path(),
        &["diff", "old.yaml", "new.json", "--format", "markdown"],
    );
    assert!(stdout(&md).starts_with("**codegen diff**: 1 change, semver `minor`, breaks nothing."));
}

#[test]
fn rev_path_reads_the_spec_at_a_git_revision() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    std::fs::create_dir(repo.join("spec")).unwrap();
    write(repo, "spec/api.yaml", OLD);
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "v1"]);
    git(repo, &["tag", "v1"]);
    let new = OLD
        .replace("      required: [id]\n", "      required: [id, name]\n")
        .replace(
            "        id: {type: string}\n",
            "        id: {type: string}\n        name: {type: string}\n",
        );
    write(repo, "spec/api.yaml", &new);
    // Against the working tree: a required property in a response breaks the server only.
    let out = codegen(
        repo,
        &[
            "diff",
            "HEAD:spec/api.yaml",
            "spec/api.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["changes"][0]["kind"], "required-property-added");
    assert_eq!(v["changes"][0]["breaks"], serde_json::json!(["server"]));
    // Both sides at revisions, from a subdirectory (git paths are from the repository root).
    git(repo, &["commit", "-qam", "v2"]);
    let out = codegen(
        &repo.join("spec"),
        &[
            "diff",
            "v1:spec/api.yaml",
            "HEAD:spec/api.yaml",
            "--for",
            "server",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("required-property-added [server]"));
    // Same revision twice: nothing.
    let out = codegen(repo, &["diff", "v1:spec/api.yaml", "HEAD~1:spec/api.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "no changes, semver none\n");
}

#[test]
fn unreadable_specs_exit_2_with_located_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    write(repo, "old.yaml", OLD);
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "v1"]);
    // A revision or path git does not have.
    let out = codegen(repo, &["diff", "nosuchrev:old.yaml", "old.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nosuchrev:old.yaml"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("git show"), "{}", stderr(&out));
    let out = codegen(repo, &["diff", "HEAD:missing.yaml", "old.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    // A file that does not exist.
    let out = codegen(repo, &["diff", "old.yaml", "missing.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.yaml"), "{}", stderr(&out));
    // A spec that cannot be generated: the diagnostics of `codegen check`, file:line:col and
    // pointer, for the NEW side (also when OLD is at a revision).
    let broken = OLD.replace(
        "'#/components/schemas/Pet'}",
        "'https://example.com/schemas/pet.yaml'}",
    );
    write(repo, "broken.yaml", &broken);
    let out = codegen(repo, &["diff", "HEAD:old.yaml", "broken.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let check = codegen(repo, &["check", "broken.yaml"]);
    assert_eq!(err, stderr(&check), "diff prints what check prints");
    assert!(err.contains("--> broken.yaml:12:"), "{err}");
    assert!(
        err.contains(
            "= at #/paths/~1pets/get/responses/200/content/application~1json/schema/items"
        ),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
    // Not YAML at all, at a revision.
    write(repo, "old.yaml", "openapi: [unclosed");
    git(repo, &["commit", "-qam", "broken"]);
    let out = codegen(repo, &["diff", "HEAD:old.yaml", "HEAD~1:old.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--> HEAD:old.yaml:"),
        "{}",
        stderr(&out)
    );
    // Bad arguments are clap's usage errors, also exit 2.
    let out = codegen(repo, &["diff", "old.yaml", "old.yaml", "--for", "wire"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rev_path_reads_every_file_of_a_split_spec_at_the_revision() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    std::fs::create_dir_all(repo.join("spec/schemas")).unwrap();
    write(
        repo,
        "spec/api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {$ref: './schemas/Pet.yaml'}}\n",
    );
    write(
        repo,
        "spec/schemas/Pet.yaml",
        "type: object\nrequired: [id]\nproperties:\n  id: {type: string}\n  name: {type: string}\n",
    );
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "v1"]);
    // Only the referenced file changes: a property is removed from a response.
    write(
        repo,
        "spec/schemas/Pet.yaml",
        "type: object\nrequired: [id]\nproperties:\n  id: {type: string}\n",
    );
    let out = codegen(
        repo,
        &[
            "diff",
            "HEAD:spec/api.yaml",
            "spec/api.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let kinds: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"property-removed"), "{v}");
    // Both sides at the same revision read the same files: nothing.
    let out = codegen(repo, &["diff", "HEAD:spec/api.yaml", "HEAD:spec/api.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "no changes, semver none\n");
}
