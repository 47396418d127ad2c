"""Forms of the knowledge-base editor: they parse input; the rules are in
knowledge.py (kb_content_problems), whose reasons are put on the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.chatbot.knowledge import (
    ANSWER_MAX,
    COMMENT_MAX,
    TITLE_MAX,
    ArticleContent,
    content_clean,
    kb_content_problems,
    kb_slug_problem,
)
from gridcare.chatbot.models import KbArticleStatus, KbTopic


class ArticleForm(forms.Form):
    """Title, topic, question variants (one per line), answer, a comment."""

    topic = forms.ChoiceField(label=_("Тематика"), choices=KbTopic.choices)
    title = forms.CharField(label=_("Заголовок"), max_length=TITLE_MAX)
    questions = forms.CharField(
        label=_("Варианты вопроса"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Каждый вариант — с новой строки."),
    )
    answer = forms.CharField(
        label=_("Ответ"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Можно: **жирный**, строки «- » для списка, ссылки [текст](/путь/) или "
            "[текст](https://…)."
        ),
    )
    comment = forms.CharField(
        label=_("Комментарий к версии"), max_length=COMMENT_MAX, required=False
    )

    def content(self) -> ArticleContent:
        data = self.cleaned_data
        return content_clean(
            topic=data.get("topic", ""),
            title=data.get("title", ""),
            questions=str(data.get("questions", "")).splitlines(),
            answer=data.get("answer", ""),
        )

    def clean(self) -> dict:  # type: ignore[type-arg]
        cleaned = super().clean() or {}
        if not self.errors:
            for field, problems in kb_content_problems(self.content()).items():
                for problem in problems:
                    self.add_error(field, problem)
        return cleaned


class NewArticleForm(ArticleForm):
    """A new article also needs its stable code (the id of the files)."""

    slug = forms.CharField(
        label=_("Код статьи (id)"),
        max_length=100,
        help_text=_("Латинские буквы, цифры, «-», «_», «.»; не меняется."),
    )
    field_order = ["slug", "topic", "title", "questions", "answer", "comment"]

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data.get("slug", "")).strip()
        problem = kb_slug_problem(slug)
        if problem:
            raise forms.ValidationError(problem)
        return slug


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    topic = forms.ChoiceField(
        label=_("Тематика"),
        required=False,
        choices=[("", _("Все")), *KbTopic.choices],
    )
    status = forms.ChoiceField(
        label=_("Статус"),
        required=False,
        choices=[("", _("Все")), *KbArticleStatus.choices],
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл"),
        help_text=_("JSON Lines (.jsonl), CSV (.csv) или XLSX (.xlsx)."),
    )
    publish = forms.BooleanField(
        label=_("Сразу опубликовать импортированные версии"), required=False
    )
    dry_run = forms.BooleanField(
        label=_("Только проверить, ничего не сохранять"), required=False, initial=True
    )


class VariantForm(forms.Form):
    question = forms.CharField(label=_("Вопрос"), max_length=500)
    article = forms.CharField(label=_("Статья (код)"), max_length=100)
