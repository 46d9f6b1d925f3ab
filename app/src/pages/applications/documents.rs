//! `/applications/:id/documents` — the R-PM-6 checklist of a draft with an upload form per
//! document (issue #5.4). The forms post to `/documents/upload` as plain multipart forms, so
//! they work without JavaScript; the server checks each file (type by its bytes, images
//! re-encoded, PDFs parsed) and sends the browser back here with the result. With JavaScript,
//! the file goes up with a progress bar, and a failed upload keeps the chosen file for a retry.
use super::{id_param, load_application};
use crate::applications::{ApplicationView, Document, Status};
use crate::i18n::use_i18n;
use crate::locale::error_message;
use crate::pages::services_docs::{condition_text, document_name};
use crate::rules::application::documents_to_upload;
use crate::rules::{DocumentKind, Field, RuleError, RuleErrorKind};
use crate::tr::{t, t_string};
use crate::ui::page_title::PageTitle;
use crate::ui::refusal::Loaded;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let id = id_param();
    let data = load_application(id);
    let ok = Callback::new(|(csrf, app): (String, ApplicationView)| {
        view! { <Documents app csrf /> }.into_any()
    });
    view! { <Loaded data ok /> }
}

/// The snake_case key of a document kind (as stored and posted).
pub fn kind_key(kind: DocumentKind) -> String {
    kind.as_str().to_string()
}

/// The refusal the upload handler sent back in the URL (`?error=<code>&max=<n>`).
fn upload_error(code: &str, max: u32) -> Option<RuleError> {
    let kind = match code {
        "file_too_large" => RuleErrorKind::FileTooLarge { max_mb: max },
        "image_too_large" => RuleErrorKind::ImageTooLarge { max_mpx: max },
        "file_type_not_accepted" => RuleErrorKind::FileTypeNotAccepted,
        "file_damaged" => RuleErrorKind::FileDamaged,
        "file_infected" => RuleErrorKind::FileInfected,
        "uploads_per_hour" => RuleErrorKind::UploadsPerHour { max },
        "check_busy" => RuleErrorKind::CheckBusy,
        "check_unavailable" => RuleErrorKind::CheckUnavailable,
        "required" => RuleErrorKind::Required,
        "invalid_format" => RuleErrorKind::InvalidFormat,
        _ => return None,
    };
    Some(RuleError::new(Field::Upload, kind))
}

#[component]
fn Documents(app: ApplicationView, csrf: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let id = app.id;
    let draft = app.status == Status::Draft;
    // R-DL-3: a submitted application takes the documents an officer asked for.
    let requested: Vec<DocumentKind> = app
        .case
        .as_ref()
        .and_then(|c| c.open_request())
        .map(|r| r.documents.clone())
        .unwrap_or_default();
    let items = documents_to_upload(app.kind, &app.form.answers);
    let docs = app.documents.clone();
    let max_mb = app.upload_max_mb;
    let error = move || {
        query.with(|q| {
            let code = q.get("error")?;
            let max = q.get("max").and_then(|m| m.parse().ok()).unwrap_or(0);
            let e = upload_error(&code, max)?;
            Some((q.get("kind").unwrap_or_default(), e))
        })
    };
    let uploaded = move || query.with(|q| q.get("uploaded"));
    view! {
        <p>
            <a href=format!("/applications/{id}")>{t!(i18n, apply.back_to_tasks)}</a>
        </p>
        <PageTitle text=Signal::derive(move || {
            t_string!(i18n, apply.documents_title).to_string()
        }) />
        <p>{move || t_string!(i18n, apply.documents_intro, max = max_mb).to_string()}</p>
        <div id="upload-result" role="status">
            {move || {
                error()
                    .map(|(_, e)| {
                        view! { <p class="field-error">{error_message(i18n.get_locale(), &e)}</p> }
                            .into_any()
                    })
                    .or_else(|| {
                        uploaded()
                            .map(|_| {
                                view! { <p class="status-note">{t!(i18n, apply.uploaded)}</p> }
                                    .into_any()
                            })
                    })
            }}
        </div>
        <ul class="documents">
            {items
                .into_iter()
                .map(|item| {
                    let key = kind_key(item.kind);
                    let mine: Vec<Document> = docs
                        .iter()
                        .filter(|d| d.kind == item.kind)
                        .cloned()
                        .collect();
                    let kind = item.kind;
                    let condition = item.condition;
                    let required = item.required;
                    let done = !mine.is_empty();
                    let open = draft || requested.contains(&kind);
                    view! {
                        <li class="document" id=format!("doc-{key}")>
                            <h2>{move || document_name(i18n, kind)}</h2>
                            <p class="tag">
                                {move || {
                                    let mut s = if required {
                                        t_string!(i18n, apply.doc_required).to_string()
                                    } else {
                                        t_string!(i18n, apply.doc_optional).to_string()
                                    };
                                    if let Some(c) = condition {
                                        s.push_str(" · ");
                                        s.push_str(&condition_text(i18n, c));
                                    }
                                    if done {
                                        s.push_str(" · ");
                                        s.push_str(t_string!(i18n, apply.doc_done));
                                    }
                                    s
                                }}
                            </p>
                            <FileList files=mine csrf=csrf.clone() draft />
                            {open
                                .then(|| {
                                    view! {
                                        <UploadForm
                                            application=id
                                            max_mb
                                            kind_key=key.clone()
                                            csrf=csrf.clone()
                                            error=Signal::derive(move || {
                                                error()
                                                    .filter(|(k, _)| *k == kind_key(kind))
                                                    .map(|(_, e)| e)
                                            })
                                        />
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <p>
            <a class="button secondary" href=format!("/applications/{id}")>
                {t!(i18n, apply.back_to_tasks)}
            </a>
        </p>
    }
}

#[component]
fn FileList(files: Vec<Document>, csrf: String, draft: bool) -> impl IntoView {
    let i18n = use_i18n();
    (!files.is_empty())
        .then(|| {
            view! {
                <ul class="files">
                    {files
                        .into_iter()
                        .map(|f| {
                            let kb = (f.size + 1023) / 1024;
                            view! {
                                <li>
                                    <a href=format!("/documents/{}", f.id)>{f.name.clone()}</a>
                                    " "
                                    <span class="hint">{format!("{kb} KB · {}", f.at)}</span>
                                    {draft
                                        .then(|| {
                                            view! {
                                                <form
                                                    class="inline"
                                                    method="post"
                                                    action=format!("/documents/{}/delete", f.id)
                                                >
                                                    <input type="hidden" name="csrf" value=csrf.clone() />
                                                    <button class="link-button" type="submit">
                                                        {t!(i18n, apply.remove)}
                                                        <span class="visually-hidden">" " {f.name.clone()}</span>
                                                    </button>
                                                </form>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
}

/// One document's upload form: a plain multipart form; with JavaScript, sent with a progress
/// bar and, when it fails, kept as it is (the chosen file too) for another try.
#[component]
fn UploadForm(
    application: i64,
    /// The server's limit: a larger file is refused here, before it is sent.
    max_mb: u32,
    kind_key: String,
    csrf: String,
    error: Signal<Option<RuleError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let local_error = RwSignal::new(None::<RuleError>);
    let error = Signal::derive(move || local_error.get().or_else(|| error.get()));
    let input_id = format!("file-{kind_key}");
    let error_id = format!("file-{kind_key}-error");
    let progress = RwSignal::new(None::<f64>);
    let failed = RwSignal::new(false);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let on_submit = move |ev: leptos::web_sys::SubmitEvent| {
        if send_with_progress(form_ref, max_mb, progress, failed, local_error) {
            ev.prevent_default();
        }
    };
    let described = {
        let error_id = error_id.clone();
        move || error.with(Option::is_some).then(|| error_id.clone())
    };
    view! {
        <form
            class="upload"
            method="post"
            action="/documents/upload"
            enctype="multipart/form-data"
            node_ref=form_ref
            on:submit=on_submit
        >
            <input type="hidden" name="csrf" value=csrf />
            <input type="hidden" name="application" value=application.to_string() />
            <input type="hidden" name="kind" value=kind_key.clone() />
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                {error_message(i18n.get_locale(), &e)}
                            </p>
                        }
                    })
            }}
            <label for=input_id.clone()>{t!(i18n, apply.choose_file)}</label>
            <input
                type="file"
                id=input_id
                name="file"
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                aria-describedby=described
            />
            {move || {
                progress
                    .get()
                    .map(|p| {
                        view! {
                            <progress max="100" value=format!("{:.0}", p * 100.0)>
                                {format!("{:.0}%", p * 100.0)}
                            </progress>
                        }
                    })
            }}
            {move || {
                failed
                    .get()
                    .then(|| {
                        view! {
                            <p class="field-error" role="alert">
                                {t!(i18n, apply.upload_failed)}
                            </p>
                        }
                    })
            }}
            <button class="button secondary" type="submit">
                {t!(i18n, apply.upload)}
            </button>
        </form>
    }
}

/// Sends the form with `XMLHttpRequest` to follow its progress; returns false (the browser
/// then posts it the plain way) where that is not possible. On success the page follows the
/// server's answer; on a network failure the form stays as it is, file included.
fn send_with_progress(
    form: NodeRef<leptos::html::Form>,
    max_mb: u32,
    progress: RwSignal<Option<f64>>,
    failed: RwSignal<bool>,
    local_error: RwSignal<Option<RuleError>>,
) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::closure::Closure;
        use leptos::wasm_bindgen::JsCast;
        let Some(form) = form.get_untracked() else {
            return false;
        };
        local_error.set(None);
        // Too large: said at once, nothing is sent (a phone's data plan is spared).
        let file = form
            .query_selector("input[type=file]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        if let Some(file) = &file {
            if file.size() > f64::from(max_mb) * 1024.0 * 1024.0 {
                local_error.set(Some(RuleError::new(
                    Field::Upload,
                    RuleErrorKind::FileTooLarge { max_mb },
                )));
                return true;
            }
        }
        let Ok(data) = leptos::web_sys::FormData::new_with_form(&form) else {
            return false;
        };
        let Ok(xhr) = leptos::web_sys::XmlHttpRequest::new() else {
            return false;
        };
        if xhr.open("POST", "/documents/upload").is_err() {
            return false;
        }
        failed.set(false);
        progress.set(Some(0.0));
        if let Ok(upload) = xhr.upload() {
            let on_progress = Closure::<dyn FnMut(leptos::web_sys::ProgressEvent)>::new(
                move |e: leptos::web_sys::ProgressEvent| {
                    if e.length_computable() && e.total() > 0.0 {
                        progress.set(Some(e.loaded() / e.total()));
                    }
                },
            );
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            on_progress.forget();
        }
        let done_xhr = xhr.clone();
        let on_load = Closure::<dyn FnMut()>::new(move || {
            // The server answered (the redirect was followed): show where it sent us.
            let url = done_xhr.response_url();
            if url.contains("/applications/") {
                let _ = window().location().assign(&url);
            } else {
                progress.set(None);
                failed.set(true);
            }
        });
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        on_load.forget();
        let on_error = Closure::<dyn FnMut()>::new(move || {
            progress.set(None);
            failed.set(true);
        });
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        xhr.send_with_opt_form_data(Some(&data)).is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (form, max_mb, progress, failed, local_error);
        false
    }
}
