using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using WxContracts.MockServer.Pipeline;
using WxContracts.MockServer.State;

namespace WxContracts.MockServer.Behaviours;

/// <summary>
/// User tags as a sequence: create (45157 duplicate name, 45158 name over 30 characters, 45056 over 100 tags),
/// get (with the number of users per tag), update and delete (45058 for system tags 0–2, 45159 unknown id),
/// batch tag and untag users (40032 for an empty list or over 50 OpenIDs, 45159 unknown tag, 45059 a user would
/// carry over 20 tags), the tags of a user (getidlist) and the users of a tag (user/tag/get, 10 000 a page).
/// </summary>
internal static class TagBehaviours
{
    public const string CreatePath = "/cgi-bin/tags/create";
    public const string GetPath = "/cgi-bin/tags/get";
    public const string UpdatePath = "/cgi-bin/tags/update";
    public const string DeletePath = "/cgi-bin/tags/delete";
    public const string BatchTagPath = "/cgi-bin/tags/members/batchtagging";
    public const string BatchUntagPath = "/cgi-bin/tags/members/batchuntagging";
    public const string TagsOfUserPath = "/cgi-bin/tags/getidlist";
    public const string UsersOfTagPath = "/cgi-bin/user/tag/get";

    private const int PageSize = 10_000;

    public static IEnumerable<IMockBehaviour> Create(TagBook book, ErrorReplies errors)
    {
        yield return new DelegateBehaviour(CreatePath, request =>
        {
            var name = BehaviourKit.String(BehaviourKit.Body(request)["tag"]?["name"]) ?? string.Empty;
            lock (book.Gate)
            {
                if (NameProblem(request, book, errors, name, null) is { } refusal)
                {
                    return refusal;
                }

                if (book.Count >= TagBook.MaxTags)
                {
                    return errors.Error(45056, request.Spec, $"the account has {TagBook.MaxTags} tags");
                }

                var id = book.Add(name);
                return BehaviourKit.Ok(new JsonObject { ["tag"] = new JsonObject { ["id"] = id, ["name"] = name } });
            }
        });
        yield return new DelegateBehaviour(GetPath, _ => BehaviourKit.Ok(new JsonObject
        {
            ["tags"] = new JsonArray(book.List().Select(t => (JsonNode)new JsonObject { ["id"] = t.Id, ["name"] = t.Name, ["count"] = t.Count }).ToArray()),
        }));
        yield return new DelegateBehaviour(UpdatePath, request =>
        {
            var tag = BehaviourKit.Body(request)["tag"];
            var id = BehaviourKit.Int64(tag?["id"]) ?? -1;
            var name = BehaviourKit.String(tag?["name"]) ?? string.Empty;
            lock (book.Gate)
            {
                var refusal = Known(request, book, errors, id) ?? NameProblem(request, book, errors, name, id);
                if (refusal is not null)
                {
                    return refusal;
                }

                book.Rename(id, name);
                return BehaviourKit.Ok();
            }
        });
        yield return new DelegateBehaviour(DeletePath, request =>
        {
            var id = BehaviourKit.Int64(BehaviourKit.Body(request)["tag"]?["id"]) ?? -1;
            lock (book.Gate)
            {
                if (Known(request, book, errors, id) is { } refusal)
                {
                    return refusal;
                }

                book.Remove(id);
                return BehaviourKit.Ok();
            }
        });
        yield return new DelegateBehaviour(BatchTagPath, request => Members(request, book, errors, tag: true));
        yield return new DelegateBehaviour(BatchUntagPath, request => Members(request, book, errors, tag: false));
        yield return new DelegateBehaviour(TagsOfUserPath, request =>
        {
            var openId = BehaviourKit.String(BehaviourKit.Body(request)["openid"]) ?? string.Empty;
            return BehaviourKit.Ok(new JsonObject { ["tagid_list"] = new JsonArray(book.TagsOf(openId).Select(i => (JsonNode)JsonValue.Create(i)).ToArray()) });
        });
        yield return new DelegateBehaviour(UsersOfTagPath, request =>
        {
            var body = BehaviourKit.Body(request);
            var id = BehaviourKit.Int64(body["tagid"]) ?? -1;
            if (!book.Exists(id))
            {
                return errors.Error(45159, request.Spec, $"no tag {id}");
            }

            var after = BehaviourKit.String(body["next_openid"]) ?? string.Empty;
            var page = book.UsersOf(id).Where(o => string.CompareOrdinal(o, after) > 0).Take(PageSize).ToList();
            var answer = new JsonObject { ["count"] = page.Count };
            if (page.Count > 0)
            {
                answer["data"] = new JsonObject { ["openid"] = new JsonArray(page.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()) };
            }

            answer["next_openid"] = page.Count > 0 ? page[^1] : string.Empty;
            return BehaviourKit.Ok(answer);
        });
    }

    private static MockReply? Known(MockRequest request, TagBook book, ErrorReplies errors, long id)
    {
        if (TagBook.IsSystem(id))
        {
            return errors.Error(45058, request.Spec, $"tag {id} is a system tag");
        }

        return book.Exists(id) ? null : errors.Error(45159, request.Spec, $"no tag {id}");
    }

    private static MockReply? NameProblem(MockRequest request, TagBook book, ErrorReplies errors, string name, long? id)
    {
        if (name.Length == 0 || name.Length > 30)
        {
            return errors.Error(45158, request.Spec, $"the tag name has {name.Length} characters; 1 to 30 are allowed");
        }

        return book.NameTaken(name, id) ? errors.Error(45157, request.Spec, $"a tag is named '{name}' already") : null;
    }

    private static MockReply Members(MockRequest request, TagBook book, ErrorReplies errors, bool tag)
    {
        var body = BehaviourKit.Body(request);
        var openIds = (body["openid_list"] as JsonArray ?? new JsonArray()).Select(BehaviourKit.String).Where(o => !string.IsNullOrEmpty(o)).Select(o => o!).ToList();
        if (openIds.Count is 0 or > 50)
        {
            return errors.Error(40032, request.Spec, $"{openIds.Count} OpenIDs; 1 to 50 are allowed");
        }

        var id = BehaviourKit.Int64(body["tagid"]) ?? -1;
        if (!book.Exists(id))
        {
            return errors.Error(45159, request.Spec, $"no tag {id}");
        }

        if (!tag)
        {
            book.Untag(openIds, id);
            return BehaviourKit.Ok();
        }

        return book.Tag(openIds, id) is { } full
            ? errors.Error(45059, request.Spec, $"{full} carries {TagBook.MaxTagsPerUser} tags already")
            : BehaviourKit.Ok();
    }
}
