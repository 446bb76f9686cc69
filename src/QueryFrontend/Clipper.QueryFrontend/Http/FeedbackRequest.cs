namespace Clipper.QueryFrontend.Http;

/// <summary>
/// The scalar fields of Clipper's feedback body, <c>{"uid": Uid, "input": X, "label": Label}</c>
/// (<c>POST /{app}/update</c>); the input itself is parsed into a <see cref="ParsedInputs"/> in wire form.
/// </summary>
/// <param name="Uid">The caller's id for the query the feedback is about, a whole number (int64).</param>
/// <param name="Label">The true value for that query's input, a finite number.</param>
internal readonly record struct FeedbackRequest(long Uid, double Label);
