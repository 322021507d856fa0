package model

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// The ingest configuration's create form, attach (UpdateIngestConfiguration)
// and delete with force.

const (
	protocolRTMPS = "RTMPS"
	protocolRTMP  = "RTMP"
)

// stagePicks lists the account's stages as pick options.
func stagePicks(client *service.Client) func(ctx context.Context) ([]pickItem, error) {
	return func(ctx context.Context) ([]pickItem, error) {
		stages, err := client.AllStages(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]pickItem, len(stages))
		for i, s := range stages {
			out[i] = pickItem{label: displayName(s.Name), detail: s.ID, value: s.ARN}
		}
		return out, nil
	}
}

// newIngestForm creates an ingest configuration; stageARN preselects a stage.
func newIngestForm(c *Context, pane paneID, stageARN string) *form {
	name := newTextField("Name", "optional: letters, digits, - and _", "", "", maxNameLength, checkName)
	protocol := newChoiceField("Protocol", []string{protocolRTMPS, protocolRTMP}, 0,
		"RTMPS encrypts the stream key and the media; use RTMP only for encoders that cannot do RTMPS.")
	insecure := newToggleField("insecure ingest", false,
		"RTMP sends the stream key and the media unencrypted: IVS accepts RTMP only with this on.", nil)
	stage := newPickField("Stage", "stages", "no stage (attach one later with a)", stageARN,
		"The stage the encoder publishes into, as a participant.", stagePicks(c.Client))
	user := newTextField("User id", fmt.Sprintf("optional: who the encoder publishes as (max %d)", service.MaxUserIDLength), "", "", service.MaxUserIDLength, checkUserID)
	attrs := newAreaField("Attributes", "key=value, one per line (optional, 1 KB total)", "", service.MaxAttributesBytes, checkAttributes)
	tags := newTagsField()
	f := newForm("Create an ingest configuration", "Create", "Creating…", pane, name, protocol, insecure, stage, user, attrs, tags)
	f.note = "CreateIngestConfiguration. The stream key it returns is a secret: the detail pane masks it until v."
	client := c.Client
	f.prepare = func(*Context) formCall {
		if protocol.value() == protocolRTMP && !insecure.on {
			insecure.setErr("RTMP needs insecure ingest: turn it on (space), or choose RTMPS")
			return nil
		}
		a, _ := parseAttributes(attrs.value())
		t, _ := parseTags(tags.value())
		req := service.CreateIngestRequest{
			Name: name.value(), Protocol: protocol.value(), InsecureIngest: insecure.on,
			StageARN: stage.value(), UserID: user.value(), Attributes: a, Tags: t,
		}
		stageName := ""
		if it, ok := stage.selected(); ok && it.value != "" {
			stageName = it.label
		}
		return func(ctx context.Context) (string, error) {
			x, err := client.CreateIngestConfiguration(ctx, req)
			if err != nil {
				return "", err
			}
			what := "created " + ingestWhat(x) + " (" + x.Protocol
			if stageName != "" {
				what += ", stage " + stageName
			}
			return what + "): open it for the stream key and the encoder's URL", nil
		}
	}
	return f
}

// attachIngestDialog moves an ingest configuration to another stage, or
// detaches it. IVS refuses while it is ACTIVE.
func attachIngestDialog(c *Context, pane paneID, x service.IngestConfiguration) tea.Cmd {
	what := ingestWhat(x)
	if x.State == "ACTIVE" {
		return flash(flashError, what+" is ACTIVE (an encoder is publishing through it): IVS cannot update it until the encoder stops")
	}
	stage := newPickField("Stage", "stages", "no stage (detach)", x.StageARN,
		"An ACTIVE ingest configuration cannot be updated: the encoder must stop publishing first.", stagePicks(c.Client))
	f := newForm("Attach "+what+" to a stage", "Attach", "Attaching…", pane, stage)
	f.note = "UpdateIngestConfiguration. The stream key stays the same; the encoder's server URL follows the stage."
	client, arn := c.Client, x.ARN
	f.prepare = func(*Context) formCall {
		to := stage.value()
		label := ""
		if it, ok := stage.selected(); ok {
			label = it.label
		}
		return func(ctx context.Context) (string, error) {
			_, err := client.UpdateIngestConfiguration(ctx, arn, to)
			if err != nil {
				return "", explain(err, service.Conflict, what+" is ACTIVE (an encoder is publishing): stop the encoder, then attach again")
			}
			if to == "" {
				return "detached " + what + " from its stage", nil
			}
			return "attached " + what + " to stage " + label, nil
		}
	}
	return send(openDialogMsg{f})
}

// deleteIngestDialog asks before deleting. An ACTIVE configuration needs
// force, which disconnects its publisher: the confirmation says so.
func deleteIngestDialog(c *Context, pane paneID, x service.IngestConfiguration) tea.Cmd {
	what := ingestWhat(x)
	force := x.State == "ACTIVE"
	title := "Delete ingest configuration"
	q := fmt.Sprintf("Delete %s (%s)?", ui.Sanitize(what), resourceID(x.ARN))
	detail := "Its stream key stops working: an encoder using it can no longer publish."
	if force {
		title = "Force-delete ingest configuration"
		q = fmt.Sprintf("%s is ACTIVE: an encoder is publishing through it into stage %s now. Force-delete it?",
			ui.Sanitize(what), quoteUntrusted(c.stageName(x.StageARN)))
		detail = "Force disconnects the publisher at once (viewers of the stage lose that participant's media), then deletes the configuration and its stream key."
	}
	client, arn := c.Client, x.ARN
	done := "deleted " + what
	if force {
		done = "disconnected the publisher and deleted " + what
	}
	return send(openDialogMsg{newConfirm(title, q, detail, false, func(string) tea.Cmd {
		return action(c, pane, done, func(ctx context.Context) error {
			return explain(client.DeleteIngestConfiguration(ctx, arn, force), service.Conflict,
				what+" became ACTIVE (an encoder is publishing): press ctrl+d again to force-delete it")
		})
	})})
}
