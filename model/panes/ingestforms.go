package panes

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// The ingest configuration's create form, attach (UpdateIngestConfiguration)
// and delete with force.

const (
	protocolRTMPS = "RTMPS"
	ProtocolRTMP  = "RTMP"
)

// stagePicks lists the account's stages as pick options.
func stagePicks(client *service.Client) func(ctx context.Context) ([]form.PickItem, error) {
	return func(ctx context.Context) ([]form.PickItem, error) {
		stages, err := client.AllStages(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]form.PickItem, len(stages))
		for i, s := range stages {
			out[i] = form.PickItem{Label: kit.DisplayName(s.Name), Detail: s.ID, Value: s.ARN}
		}
		return out, nil
	}
}

// NewIngestForm creates an ingest configuration; stageARN preselects a stage.
func NewIngestForm(c *kit.Context, pane kit.PaneID, stageARN string) *kit.FormDialog {
	name := form.NewText("Name", "optional: letters, digits, - and _", "", "", kit.MaxNameLength, kit.CheckName)
	protocol := form.NewChoice("Protocol", []string{protocolRTMPS, ProtocolRTMP}, 0,
		"RTMPS encrypts the stream key and the media; use RTMP only for encoders that cannot do RTMPS.")
	insecure := form.NewToggle("insecure ingest", false,
		"RTMP sends the stream key and the media unencrypted: IVS accepts RTMP only with this on.", nil)
	stage := form.NewPick("Stage", "stages", "no stage (attach one later with a)", stageARN,
		"The stage the encoder publishes into, as a participant.", stagePicks(c.Client))
	user := form.NewText("User id", fmt.Sprintf("optional: who the encoder publishes as (max %d)", service.MaxUserIDLength), "", "", service.MaxUserIDLength, kit.CheckUserID)
	attrs := form.NewArea("Attributes", "key=value, one per line (optional, 1 KB total)", "", service.MaxAttributesBytes, kit.CheckAttributes)
	tags := kit.NewTagsField()
	f := kit.NewForm("Create an ingest configuration", "Create", "Creating…", pane, name, protocol, insecure, stage, user, attrs, tags)
	f.Note = "CreateIngestConfiguration. The stream key it returns is a secret: the detail pane masks it until v."
	client := c.Client
	f.Prepare = func() form.Call {
		if protocol.Value() == ProtocolRTMP && !insecure.On {
			insecure.SetErr("RTMP needs insecure ingest: turn it on (space), or choose RTMPS")
			return nil
		}
		a, _ := kit.ParseAttributes(attrs.Value())
		t, _ := kit.ParseTags(tags.Value())
		req := service.CreateIngestRequest{
			Name: name.Value(), Protocol: protocol.Value(), InsecureIngest: insecure.On,
			StageARN: stage.Value(), UserID: user.Value(), Attributes: a, Tags: t,
		}
		stageName := ""
		if it, ok := stage.Selected(); ok && it.Value != "" {
			stageName = it.Label
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

// AttachIngestDialog moves an ingest configuration to another stage, or
// detaches it. IVS refuses while it is ACTIVE.
func AttachIngestDialog(c *kit.Context, pane kit.PaneID, x service.IngestConfiguration) tea.Cmd {
	what := ingestWhat(x)
	if x.State == "ACTIVE" {
		return kit.Flash(kit.FlashError, what+" is ACTIVE (an encoder is publishing through it): IVS cannot update it until the encoder stops")
	}
	stage := form.NewPick("Stage", "stages", "no stage (detach)", x.StageARN,
		"An ACTIVE ingest configuration cannot be updated: the encoder must stop publishing first.", stagePicks(c.Client))
	f := kit.NewForm("Attach "+what+" to a stage", "Attach", "Attaching…", pane, stage)
	f.Note = "UpdateIngestConfiguration. The stream key stays the same; the encoder's server URL follows the stage."
	client, arn := c.Client, x.ARN
	f.Prepare = func() form.Call {
		to := stage.Value()
		label := ""
		if it, ok := stage.Selected(); ok {
			label = it.Label
		}
		return func(ctx context.Context) (string, error) {
			_, err := client.UpdateIngestConfiguration(ctx, arn, to)
			if err != nil {
				return "", kit.Explain(err, service.Conflict, what+" is ACTIVE (an encoder is publishing): stop the encoder, then attach again")
			}
			if to == "" {
				return "detached " + what + " from its stage", nil
			}
			return "attached " + what + " to stage " + label, nil
		}
	}
	return kit.Send(kit.OpenDialogMsg{Dialog: f})
}

// deleteIngestDialog asks before deleting. An ACTIVE configuration needs
// force, which disconnects its publisher: the confirmation says so.
func deleteIngestDialog(c *kit.Context, pane kit.PaneID, x service.IngestConfiguration) tea.Cmd {
	what := ingestWhat(x)
	force := x.State == "ACTIVE"
	title := "Delete ingest configuration"
	q := fmt.Sprintf("Delete %s (%s)?", ui.Sanitize(what), kit.ResourceID(x.ARN))
	detail := "Its stream key stops working: an encoder using it can no longer publish."
	if force {
		title = "Force-delete ingest configuration"
		q = fmt.Sprintf("%s is ACTIVE: an encoder is publishing through it into stage %s now. Force-delete it?",
			ui.Sanitize(what), kit.QuoteUntrusted(c.StageName(x.StageARN)))
		detail = "Force disconnects the publisher at once (viewers of the stage lose that participant's media), then deletes the configuration and its stream key."
	}
	client, arn := c.Client, x.ARN
	done := "deleted " + what
	if force {
		done = "disconnected the publisher and deleted " + what
	}
	return kit.ConfirmAction(c, pane, title, q, detail, done, func(ctx context.Context) error {
		return kit.Explain(client.DeleteIngestConfiguration(ctx, arn, force), service.Conflict,
			what+" became ACTIVE (an encoder is publishing): press ctrl+d again to force-delete it")
	})
}
