#pragma once
// The body every dock starts with: a widget with a vertical layout whose first item is a form.
#include <QDockWidget>
#include <QFormLayout>
#include <QVBoxLayout>

namespace accelscope::ui {

struct DockBody {
    QWidget* body;
    QVBoxLayout* layout;
    QFormLayout* form;  // already the layout's first item
};

// Names the dock (for the saved layout), allows every area, and builds its body (not yet set as the
// dock's widget: the caller fills it, then calls setWidget(body)).
inline DockBody makeDockBody(QDockWidget* dock, const QString& objectName) {
    dock->setObjectName(objectName);
    dock->setAllowedAreas(Qt::AllDockWidgetAreas);
    auto* body = new QWidget(dock);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 6, 6, 6);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(form);
    return {body, layout, form};
}

}  // namespace accelscope::ui
