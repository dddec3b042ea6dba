#!/usr/bin/env python3
"""Writes the training incident's two notebooks from one list of exercises, so they never drift apart:

  eks-incident-walkthrough.ipynb            the investigation as exercises: each question, the cells that answer it,
                                            and an answer check (#!check) against the answer in the parameters cell
  eks-incident-walkthrough-solutions.ipynb  the same cells with the answers filled in and explained

An answer check holds the expected answer only as `eksir check` prints it (a salted SHA-256 of its normal form), so
reading the exercise does not give the answer away. After changing an answer, run this script again:
    python3 notebooks/training/build-notebooks.py    (needs the built eksir: ./build.sh pack)
"""
import json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
EKSIR = os.path.join(REPO, "src", "EksIr.Cli", "bin", "Release", "net10.0", "eksir.dll")

# (question id, kind, answer, question, cells that answer it, hint, explanation for the solutions)
EXERCISES = [
    ("1", "text", "default/sysdiag",
     "GuardDuty raised `PrivilegeEscalation:Kubernetes/PrivilegedContainer` on cluster `eksworkshop-eksctl`. Which pod "
     "(namespace/name) is it about?",
     ["#!guardduty --file guardduty"],
     "the finding card's Workload row",
     "The finding's `resource.kubernetesDetails.kubernetesWorkloadDetails` names the pod `sysdiag` in namespace `default`."),
    ("2", "text", "i-0c7d2e91b4a6f3508",
     "Which EC2 instance ran that pod?",
     ["#!k8s pod sysdiag -n default --snapshot cluster"],
     "the pod's node, then the instance id in the node's spec.providerID",
     "The pod is on `ip-192-168-23-107.us-west-2.compute.internal`, whose `spec.providerID` is "
     "`aws:///us-west-2b/i-0c7d2e91b4a6f3508`. The cloud-controller-manager's log line says the same (see the timeline)."),
    ("3", "text", "AKIA5DEVINTERN7EXMPL",
     "Now the super-timeline: one UTC table over CloudTrail, the control plane, GuardDuty, memory and the node's containers. "
     "Whose access key created the pod? Give the access key id.",
     ["#!supertimeline --start 2026-11-29T06:15:00Z --end 2026-11-29T06:45:00Z",
      "#!supertimeline --entity default/sysdiag --source k8s-audit"],
     "the audit event that creates pods default/sysdiag: its Entities column holds the IAM identity EKS put in user.extra",
     "The audit event `dev-intern create pods default/sysdiag → 201` carries `user.extra.accessKeyId` "
     "`AKIA5DEVINTERN7EXMPL` and `arn:aws:iam::111122223333:user/dev-intern`: the authenticator mapped that IAM user to "
     "the Kubernetes user `dev-intern`."),
    ("4", "text", "198.51.100.23",
     "From which IP address was that key used — in AWS and against the cluster?",
     ["#!entity AKIA5DEVINTERN7EXMPL --hops 1"],
     "the ip entity one link from the key, and the rows behind the link",
     "Every CloudTrail call of the key (GetCallerIdentity, ListAttachedUserPolicies, CreateAccessKey — denied — ListClusters, "
     "DescribeCluster) and every kubectl call in the audit log come from `198.51.100.23`: not the company's network."),
    ("5", "time", "06:23:31",
     "When (UTC, HH:MM:SS) did the intruder first exec into the pod?",
     ["#!supertimeline --entity default/sysdiag --start 2026-11-29T06:23:00Z --end 2026-11-29T06:24:10Z"],
     "the first `create pods/exec` row",
     "`06:23:31.390` the audit log records `create pods/exec` with the dropper script as its command — 1.5 s after the "
     "pod was created: a script, not a person typing. The container's writable layer has the dropped files at 06:23:31.47."),
    ("6", "set", "/tmp/.x/miner.sh,/tmp/.x/sh",
     "Which two files did the dropper add under `/tmp/.x` in the container? (comma-separated paths)",
     ["#!diff --root node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz --container sysdiag"],
     "the A rows of the container's diff",
     "`/tmp/.x/miner.sh` (the miner loop) and `/tmp/.x/sh`, a setuid-root copy of busybox (`-rwsr-xr-x`). The dropper also "
     "changed `/etc/sysdiag.conf` and deleted `/var/www/index.html` — exactly the command the audit log recorded."),
    ("7", "number", "5120",
     "The second exec was an interactive shell. Which PID does it have in the node's memory?",
     ["#!pstree --file memory/volatility --node node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz"],
     "a shell under the pod's containerd-shim, started when the second exec arrived (06:23:58)",
     "PID 5120 (`sh`, parent 4711, the pod's shim) starts at 06:23:58.702, 0.1 s after the audit log's interactive exec. "
     "Its children are the miner script (5188) and the setuid shell (5201), which fetched `http://203.0.113.50/drop` (5230)."),
    ("8", "number", "5310",
     "Which PID is the cryptominer running on the node itself, outside any container?",
     ["#!entity 203.0.113.50 --hops 1"],
     "a child of PID 1 started from /dev/shm with a kernel thread's name; GuardDuty's runtime finding names it too",
     "PID 5310, `/dev/shm/kworker/0:2 --pool stratum+tcp://203.0.113.50:3333`: named like a kernel worker, but a user "
     "process under PID 1 — the privileged container let the intruder reach the host (the host shell is PID 5302)."),
    ("9", "text", "ASIA5NODEROLE7STOLEN",
     "Which AWS access key was used from the intruder's server 203.0.113.50?",
     ["#!supertimeline --entity 203.0.113.50 --source cloudtrail"],
     "CloudTrail rows from 203.0.113.50: their access key entity",
     "`ASIA5NODEROLE7STOLEN`: the node role's session (`…NodeInstanceRole/i-0c7d2e91b4a6f3508`), read from the instance "
     "metadata service by the host shell (it is in the memory dump) and used from outside while the node itself kept using "
     "it from 192.168.23.107."),
    ("10", "text", "RunInstances",
     "Which API call with the stolen node credentials did AWS refuse?",
     ["#!entity ASIA5NODEROLE7STOLEN --hops 1"],
     "a CloudTrail row ending in an error code",
     "`ec2:RunInstances` (10 × p3.2xlarge) at 06:26:45 failed with `Client.UnauthorizedOperation`: the attacker wanted GPU "
     "instances to mine on; the node role is not allowed to launch them."),
]

FINDINGS = [
    ("dev-intern's access key was used by an outsider from 198.51.100.23",
     "AKIA5DEVINTERN7EXMPL (arn:aws:iam::111122223333:user/dev-intern) made reconnaissance calls in AWS and got a Kubernetes token from 198.51.100.23, which is not the company's network.",
     "--entity AKIA5DEVINTERN7EXMPL"),
    ("The leaked identity created the privileged pod default/sysdiag and exec'd a dropper and an interactive shell into it",
     "Created 06:23:29.890, scheduled onto ip-192-168-23-107 (i-0c7d2e91b4a6f3508), exec'd at 06:23:31.390 (dropper) and 06:23:58.599 (interactive sh, PID 5120).",
     "--rows audit:478b3d28-ec03-40e0-8b5e-25191c5e4649,audit:343968b0-6a50-4130-80ab-a233f578d756,audit:2a2833db-3032-4a0a-83b5-f4baf0eda24a,audit:5c9cce72-3aac-45d5-86a3-f5258bb589b6,guardduty:4ec9f2a1d7b84c3e9a5f6b7c8d9e0f1a"),
    ("The intruder reached the node and ran a cryptominer",
     "From the privileged container: a host shell (PID 5302) and /dev/shm/kworker/0:2 (PID 5310) mining to 203.0.113.50:3333; GuardDuty Runtime Monitoring saw the connection.",
     "--entity pid:5310"),
    ("The node role's credentials were stolen and used from 203.0.113.50",
     "ASIA5NODEROLE7STOLEN, read from the instance metadata service on the node, was used from 203.0.113.50 for GetCallerIdentity, DescribeInstances, ListBuckets and a refused RunInstances.",
     "--rows cloudtrail:38215c34-81c3-46ba-869e-577f8d9462d3,cloudtrail:a3037d14-3bb5-4c98-8b5f-02228d90faa0,cloudtrail:750d61ec-6593-4de0-8b44-d77b35b8de19,cloudtrail:62e7d7c8-fc6b-419c-86ef-aaa020fa9bd0"),
]


def expect(question, answer, kind):
    out = subprocess.run(["dotnet", EKSIR, "check", question, answer, "--kind", kind], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code(text, tags=None):
    meta = {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}}
    if tags:
        meta["tags"] = tags
    return {"cell_type": "code", "execution_count": None, "metadata": meta, "outputs": [], "source": text}


def notebook(solutions):
    title = "Training: an EKS incident end to end" + (" — solutions" if solutions else "")
    cells = [md(f"# {title}\n\n"
                "A privileged pod, a leaked access key, a cryptominer and stolen node credentials — one incident across every "
                "source this project reads: GuardDuty, the cluster, CloudTrail, the EKS control-plane logs, the node's disk and "
                "its memory (`sample-data/incident-1`, written in the real formats; its README tells the story).\n\n"
                + ("Each exercise below is answered, with the reasoning. The exercises without answers are in "
                   "`eks-incident-walkthrough.ipynb`.\n\n" if solutions else
                   "**How to work it:** each exercise asks a question, gives the cells that answer it, and checks your answer. "
                   "Type your answers into the parameters cell (`q1` … `q10`), run the cells in order, and read each check: "
                   "*correct*, *not yet* (with a hint) or *no answer yet*. Stuck? `eks-incident-walkthrough-solutions.ipynb`.\n\n"
                   "Headless, with answers: `eksir run notebooks/training/eks-incident-walkthrough.ipynb -p q1=default/sysdiag …`\n\n")
                + "Every command is journaled in the case folder, and the last section records the findings and writes the "
                "incident report (HTML that opens offline, and Markdown)."),
             md("## Parameters\n\n" + ("The answers." if solutions else "Your answers go here (leave \"\" for a question you have not answered).")
                + " `caseDir` is where the journal and the report go.")]
    params = ['var caseDir = "cases/INC-TRAIN-001";   // journal and report (beside this notebook)']
    params += [f'var q{q} = "{a if solutions else ""}";' for q, _, a, *_ in EXERCISES]
    cells.append(code("\n".join(params), tags=["parameters"]))
    cells.append(md("## Load the extension and open the case\n\nThe extension comes from this repository's build "
                    "(`./build.sh pack`); the evidence is the training incident, opened read-only."))
    cells.append(code("// #i takes only an absolute folder, so the feed is made absolute here, relative to this notebook.\n"
                      "using Microsoft.DotNet.Interactive;\nusing Microsoft.DotNet.Interactive.Commands;\n"
                      "var feed = System.IO.Path.GetFullPath(\"../../artifacts/packages\");\n"
                      "await Kernel.Root.SendAsync(new SubmitCode($\"#i \\\"nuget:{feed}\\\"\\n#r \\\"nuget: EksIr.Kernel, *-*\\\"\"));"))
    cells.append(code("#!case open --name INC-TRAIN-001 --evidence ../../sample-data/incident-1 --case-dir @csharp:caseDir"))
    for q, kind, answer, question, steps, hint, explanation in EXERCISES:
        cells.append(md(f"## Exercise {q}\n\n{question}" + ("" if solutions else f"\n\n*Answer in `q{q}` ({kind}).*")))
        for step in steps:
            cells.append(code(step))
        cells.append(code(f'#!check --question {q} --answer @csharp:q{q} --kind {kind} --expect {expect(q, answer, kind)} --hint "{hint}"'))
        if solutions:
            cells.append(md(f"**Answer: `{answer}`.** {explanation}"))
    if solutions:
        cells.append(md("## Findings and the write-up\n\nWhat the exercises established, recorded as findings with the timeline rows "
                        "behind each (`--rows` cites rows by their Row id, `--entity` every row naming an entity). Each has an id "
                        "(`--id`): running this cell again updates the finding instead of adding it twice, and a finding that turns out "
                        "wrong is replaced (`--supersedes F1 --reason …`) or withdrawn (`--retract --reason …`). `#!case report` "
                        "then writes the incident report: summary, findings with their evidence, timeline, entities, the actions "
                        "journal and the evidence manifest with hashes."))
        for number, (title_, detail, evidence) in enumerate(FINDINGS, start=1):
            cells.append(code(f'#!finding --id F{number} --title "{title_}" --detail "{detail}" {evidence}'))
    else:
        cells.append(md("## Your findings and the write-up\n\nRecord what you established: one `#!finding` per finding, each in a new "
                        "cell here, with the timeline rows behind it — `--rows` cites rows by their Row id (the Row column of "
                        "`#!supertimeline`), `--entity` every row naming an entity. For example (the shape, not an answer):\n\n"
                        "```\n#!finding --id F1 --title \"What you found, in one line\" --detail \"How you established it\" --rows ROW-ID,ROW-ID\n```\n\n"
                        "Running a finding's cell again updates it; `--supersedes F1 --reason …` replaces one, `--retract --reason …` "
                        "withdraws one. `#!case report` then writes the incident report: summary, your findings with their evidence, "
                        "timeline, entities, the actions journal and the evidence manifest with hashes. The findings the solutions "
                        "record are in `eks-incident-walkthrough-solutions.ipynb`."))
    cells.append(code("#!case report"))
    return {"cells": cells, "metadata": {
        "kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
        "language_info": {"file_extension": ".cs", "mimetype": "text/x-csharp", "name": "C#", "pygments_lexer": "csharp", "version": "13.0"},
        "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}}},
        "nbformat": 4, "nbformat_minor": 5}


def write(name, nb):
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"{name.split('.')[0][-9:]}-{i:02d}"
        text = cell["source"]
        cell["source"] = [line + "\n" for line in text.split("\n")[:-1]] + [text.split("\n")[-1]]
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    if not os.path.exists(EKSIR):
        sys.exit(f"build eksir first (./build.sh pack): {EKSIR} not found")
    write("eks-incident-walkthrough.ipynb", notebook(False))
    write("eks-incident-walkthrough-solutions.ipynb", notebook(True))
    print("wrote eks-incident-walkthrough.ipynb and eks-incident-walkthrough-solutions.ipynb")
