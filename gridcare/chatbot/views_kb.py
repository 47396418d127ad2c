"""The staff editor of the knowledge base `/staff/kb/`: list with search, article
with versions and statistics, edit form with preview, publish/unpublish, «test a
question», import/export, and the questions Алсу missed (`/staff/kb/misses/`).

Reading needs KB_VIEW_RIGHT, every change KB_EDIT_RIGHT (knowledge.py)."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gridcare.accounts.access import staff_view
from gridcare.chatbot import kb_io, learning
from gridcare.chatbot.engine import matcher_get
from gridcare.chatbot.kb_forms import (
    ArticleForm,
    ImportForm,
    NewArticleForm,
    SearchForm,
    VariantForm,
)
from gridcare.chatbot.kb_markup import answer_html
from gridcare.chatbot.kb_search import QUERY_MAX, kb_staff_search
from gridcare.chatbot.knowledge import (
    KB_EDIT_RIGHT,
    KB_VIEW_RIGHT,
    kb_answer_counts,
    kb_article_create,
    kb_article_get_for_user,
    kb_article_list,
    kb_article_publish,
    kb_article_save_version,
    kb_article_stats,
    kb_article_unpublish,
    kb_article_versions,
    kb_can_edit,
)
from gridcare.chatbot.models import KbArticle, KbTopic
from gridcare.core.errors import ApplicationError, NotFoundError

PAGE_SIZE = 50
DECISIONS = {
    "answer": gettext_lazy("Ответ статьёй"),
    "clarify": gettext_lazy("Уточняющий вопрос"),
    "handoff": gettext_lazy("Передача специалисту"),
    "smalltalk": gettext_lazy("Светская беседа"),
}


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "can_edit": kb_can_edit(request.user),
        "topics": dict(KbTopic.choices),
        **extra,
    }


@staff_view(KB_VIEW_RIGHT)
def kb_list(request: HttpRequest) -> HttpResponse:
    """Articles found by code, title, variants or answer; topic and status filters."""
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    articles = kb_article_list(
        query=data.get("q", ""),
        topic=data.get("topic", ""),
        status=data.get("status", ""),
    )
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = kb_answer_counts([a.slug for a in page.object_list])
    rows = [(a, counts.get(a.slug, 0)) for a in page.object_list]
    return render(
        request,
        "chatbot/kb/list.html",
        _context(request, form=form, page=page, rows=rows, total=articles.count()),
    )


def _edit_page(
    request: HttpRequest, form: ArticleForm, article: KbArticle | None, preview: str
) -> HttpResponse:
    return render(
        request,
        "chatbot/kb/edit.html",
        _context(
            request,
            form=form,
            article=article,
            preview=answer_html(preview) if preview else "",
            group_id=request.POST.get("group") or request.GET.get("group") or "",
        ),
    )


@staff_view(KB_EDIT_RIGHT)
def kb_new(request: HttpRequest) -> HttpResponse:
    """A new article; from a group of missed questions it comes prefilled."""
    if request.method != "POST":
        return _edit_page(
            request, NewArticleForm(initial=_from_group(request)), None, ""
        )
    form = NewArticleForm(request.POST)
    action = request.POST.get("action", "draft")
    if not form.is_valid() or action == "preview":
        return _edit_page(request, form, None, request.POST.get("answer", ""))
    try:
        article = kb_article_create(
            slug=form.cleaned_data["slug"],
            content=form.content(),
            author=request.user,
            comment=form.cleaned_data["comment"],
            publish=action == "publish",
        )
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return _edit_page(request, form, None, "")
    _close_group(request, article)
    messages.success(request, _("Статья создана."))
    return redirect("chatbot:kb_article", slug=article.slug)


def _from_group(request: HttpRequest) -> dict[str, str]:
    group_id = request.GET.get("group", "")
    if not group_id.isdigit():
        return {}
    try:
        group = learning.kb_miss_group_get(group_id=int(group_id))
    except NotFoundError:
        return {}
    topic = ""
    if group.nearest_article:
        nearest = KbArticle.objects.filter(slug=group.nearest_article).first()
        if nearest and nearest.current_version:
            topic = nearest.current_version.topic
    return {
        "title": group.example,
        "questions": "\n".join(group.questions[:5]),
        "topic": topic,
        "comment": _("Из вопросов без ответа (группа №%(id)s)") % {"id": group.pk},
    }


def _close_group(request: HttpRequest, article: KbArticle) -> None:
    group_id = request.POST.get("group", "")
    if not group_id.isdigit():
        return
    try:
        group = learning.kb_miss_group_get(group_id=int(group_id))
        learning.kb_miss_group_mark_article(
            group=group, article=article, actor=request.user
        )
    except ApplicationError:
        pass  # already resolved or gone: the article stands anyway


@staff_view(KB_VIEW_RIGHT)
def kb_article(request: HttpRequest, slug: str) -> HttpResponse:
    """The current version, the live one, versions, statistics."""
    article = kb_article_get_for_user(user=request.user, slug=slug)
    return render(
        request,
        "chatbot/kb/article.html",
        _context(
            request,
            article=article,
            version=article.current_version,
            answer=answer_html(article.current_version.answer)
            if article.current_version
            else "",
            versions=kb_article_versions(article),
            stats=kb_article_stats(slug=article.slug),
        ),
    )


@staff_view(KB_VIEW_RIGHT)
def kb_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Any version of an article as it was written."""
    article = kb_article_get_for_user(user=request.user, slug=slug)
    version = kb_article_versions(article).filter(number=number).first()
    if version is None:
        raise NotFoundError(_("Версия статьи не найдена."))
    return render(
        request,
        "chatbot/kb/version.html",
        _context(
            request,
            article=article,
            version=version,
            answer=answer_html(version.answer),
        ),
    )


@staff_view(KB_EDIT_RIGHT)
def kb_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit: a save appends a version; «preview» only shows the answer."""
    article = kb_article_get_for_user(user=request.user, slug=slug)
    if request.method != "POST":
        current = article.current_version
        initial = (
            {
                "topic": current.topic,
                "title": current.title,
                "questions": "\n".join(current.questions),
                "answer": current.answer,
            }
            if current
            else {}
        )
        return _edit_page(request, ArticleForm(initial=initial), article, "")
    form = ArticleForm(request.POST)
    action = request.POST.get("action", "draft")
    if not form.is_valid() or action == "preview":
        return _edit_page(request, form, article, request.POST.get("answer", ""))
    try:
        _version, created = kb_article_save_version(
            article=article,
            content=form.content(),
            author=request.user,
            comment=form.cleaned_data["comment"],
            publish=action == "publish",
        )
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return _edit_page(request, form, article, "")
    if created:
        messages.success(request, _("Сохранена новая версия."))
    else:
        messages.info(request, _("Изменений нет: новая версия не создана."))
    return redirect("chatbot:kb_article", slug=article.slug)


@require_POST
@staff_view(KB_EDIT_RIGHT)
def kb_publish(request: HttpRequest, slug: str) -> HttpResponse:
    article = kb_article_get_for_user(user=request.user, slug=slug)
    number = request.POST.get("version", "")
    try:
        kb_article_publish(
            article=article,
            actor=request.user,
            version_number=int(number) if number.isdigit() else None,
        )
        messages.success(request, _("Статья опубликована: Алсу отвечает ею."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("chatbot:kb_article", slug=article.slug)


@require_POST
@staff_view(KB_EDIT_RIGHT)
def kb_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    article = kb_article_get_for_user(user=request.user, slug=slug)
    try:
        kb_article_unpublish(article=article, actor=request.user)
        messages.success(request, _("Статья снята с публикации."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("chatbot:kb_article", slug=article.slug)


@staff_view(KB_VIEW_RIGHT)
def kb_test(request: HttpRequest) -> HttpResponse:
    """What Алсу would do with a question: decision, confidence, top candidates."""
    question = request.GET.get("q", "").strip()[:500]
    result = None
    if question:
        matcher = matcher_get()
        reply = matcher.reply(question)
        index = getattr(matcher, "index", None)
        candidates = []
        for article_id, share in reply.candidates:
            article = (
                index.article(article_id) if index and article_id in index else None
            )
            candidates.append(
                {
                    "id": article_id,
                    "share": share,
                    "title": article.title if article else "",
                }
            )
        result = {
            "kind": reply.kind,
            "decision": DECISIONS.get(reply.kind, reply.kind),
            "confidence": reply.confidence,
            "article_id": reply.article_id,
            "answer": answer_html(reply.text) if reply.kind == "answer" else "",
            "text": reply.text,
            "options": reply.options,
            "topic": dict(KbTopic.choices).get(reply.topic or "", reply.topic),
            "candidates": candidates,
        }
    return render(
        request,
        "chatbot/kb/test.html",
        _context(request, question=question, result=result),
    )


@staff_view(KB_EDIT_RIGHT)
def kb_import(request: HttpRequest) -> HttpResponse:
    """Upload a file; the report lists what was (or would be) done and the refusals."""
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = kb_io.kb_import(
                data=upload.read(),
                fmt=kb_io.format_of(upload.name),
                author=request.user,
                publish=form.cleaned_data["publish"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
    return render(
        request, "chatbot/kb/import.html", _context(request, form=form, report=report)
    )


@staff_view(KB_VIEW_RIGHT)
def kb_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Download the base: current versions, or only the live ones (?published=1)."""
    if fmt not in kb_io.FORMATS:
        raise NotFoundError(_("Неизвестный формат файла."))
    published = request.GET.get("published") == "1"
    body = kb_io.kb_export(fmt=fmt, published_only=published)
    response = HttpResponse(body, content_type=kb_io.CONTENT_TYPES[fmt])
    name = "kb-published" if published else "kb"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@staff_view(KB_VIEW_RIGHT)
def kb_misses(request: HttpRequest) -> HttpResponse:
    """Groups of questions Алсу missed, largest first, with the nearest article."""
    groups = learning.kb_miss_group_open_list()
    page = Paginator(groups, 30).get_page(request.GET.get("page"))
    nearest = {
        a.slug: a
        for a in KbArticle.objects.select_related("current_version").filter(
            slug__in={g.nearest_article for g in page.object_list if g.nearest_article}
        )
    }
    rows = [(g, nearest.get(g.nearest_article)) for g in page.object_list]
    slugs = KbArticle.objects.order_by("slug").values_list("slug", flat=True)
    return render(
        request,
        "chatbot/kb/misses.html",
        _context(request, page=page, rows=rows, slugs=list(slugs)),
    )


@require_POST
@staff_view(KB_EDIT_RIGHT)
def kb_miss_variant(request: HttpRequest, group_id: int) -> HttpResponse:
    """Add the group's question as a variant of the chosen article."""
    group = learning.kb_miss_group_get(group_id=group_id)
    form = VariantForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Укажите вопрос и статью."))
        return redirect("chatbot:kb_misses")
    article = KbArticle.objects.filter(
        slug=form.cleaned_data["article"].strip()
    ).first()
    if article is None:
        messages.error(request, _("Статья с таким кодом не найдена."))
        return redirect("chatbot:kb_misses")
    try:
        learning.kb_miss_group_add_variant(
            group=group,
            article=article,
            question=form.cleaned_data["question"],
            actor=request.user,
        )
        messages.success(
            request,
            _("Вопрос добавлен вариантом в статью «%(slug)s».")
            % {"slug": article.slug},
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("chatbot:kb_misses")


@require_POST
@staff_view(KB_EDIT_RIGHT)
def kb_miss_dismiss(request: HttpRequest, group_id: int) -> HttpResponse:
    group = learning.kb_miss_group_get(group_id=group_id)
    try:
        learning.kb_miss_group_dismiss(group=group, actor=request.user)
        messages.success(request, _("Группа отклонена."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("chatbot:kb_misses")


@require_POST
@staff_view(KB_EDIT_RIGHT)
def kb_miss_regroup(request: HttpRequest) -> HttpResponse:
    """Group the misses again (a background task; immediate in development)."""
    from gridcare.chatbot.tasks import kb_misses_regroup_task

    kb_misses_regroup_task.enqueue()
    messages.success(request, _("Пересчёт групп запущен."))
    return redirect("chatbot:kb_misses")


@staff_view(KB_VIEW_RIGHT)
def staff_kb_search(request: HttpRequest) -> HttpResponse:
    """Knowledge-base search beside a call (the operator desk links here): an htmx
    fragment of the matching published articles; a whole page without JavaScript."""
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    context = {"query": query, "hits": kb_staff_search(query) if query else []}
    if request.headers.get("HX-Request"):
        return render(request, "chatbot/kb/_staff_search.html", context)
    return render(request, "chatbot/kb/staff_search.html", context)
